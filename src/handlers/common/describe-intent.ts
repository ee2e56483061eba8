import type { Field } from '../../reply/reply.js';
import type { Intent } from '../../intents/catalog.js';

const SUMMARY: Record<Intent['intent'], string> = {
  help: 'Show help',
  lookup_customer: 'Look up a customer',
  create_customer: 'Add a customer',
  log_activity: 'Log an activity',
  create_ticket: 'Open a ticket',
  update_ticket: 'Update a ticket',
  show_ticket: 'Show a ticket',
  list_tickets: 'List tickets',
  create_deal: 'Create a deal',
  update_deal: 'Update a deal',
  report: 'Run a report',
  create_reminder: 'Set a reminder',
  list_reminders: 'List your reminders',
  record_order: 'Record an order',
  schedule_digest: 'Schedule a digest',
  list_automations: 'List digests and notification rules',
  cancel_automation: 'Cancel a digest or rule',
  create_rule: 'Set up a notification rule',
  set_quiet_hours: 'Set quiet hours',
  find_duplicates: 'Find duplicate customers',
  merge_customers: 'Merge two customers',
  unknown: 'Nothing I can do',
};

const LABELS: Record<string, string> = {
  follow_up: 'Follow up',
  close_date: 'Close date',
  group_by: 'Group by',
};

/** A human description of an intent and its slots, for confirmation cards and logs. */
export function describeIntent(intent: Intent): { summary: string; fields: Field[] } {
  const slotFields = Object.entries(intent.slots as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => ({
      label: LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' '),
      value: typeof value === 'object' ? Object.values(value as Record<string, unknown>).join(' to ') : String(value),
    }));
  return { summary: SUMMARY[intent.intent], fields: slotFields };
}
