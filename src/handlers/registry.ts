import type { IntentName } from '../intents/catalog.js';
import type { IntentHandler } from './handler.js';
import {
  cancelAutomationHandler, createRuleHandler, listAutomationsHandler, scheduleDigestHandler, setQuietHoursHandler,
} from './automation/automation.handlers.js';
import { createCustomerHandler } from './create-customer.handler.js';
import { createDealHandler } from './create-deal.handler.js';
import { createReminderHandler } from './create-reminder.handler.js';
import { createTicketHandler } from './create-ticket.handler.js';
import { findDuplicatesHandler } from './find-duplicates.handler.js';
import { helpHandler } from './help.handler.js';
import { listRemindersHandler } from './list-reminders.handler.js';
import { listTicketsHandler } from './list-tickets.handler.js';
import { logActivityHandler } from './log-activity.handler.js';
import { lookupCustomerHandler } from './lookup-customer.handler.js';
import { mergeCustomersHandler } from './merge-customers.handler.js';
import { recordOrderHandler } from './record-order.handler.js';
import { reportHandler } from './report.handler.js';
import { showTicketHandler } from './show-ticket.handler.js';
import { unknownHandler } from './unknown.handler.js';
import { updateDealHandler } from './update-deal.handler.js';
import { updateTicketHandler } from './update-ticket.handler.js';

/** One handler per intent of the catalog; the type makes a missing one a compile error. */
export const HANDLERS: { [N in IntentName]: IntentHandler<N> } = {
  help: helpHandler,
  unknown: unknownHandler,
  lookup_customer: lookupCustomerHandler,
  create_customer: createCustomerHandler,
  log_activity: logActivityHandler,
  create_ticket: createTicketHandler,
  update_ticket: updateTicketHandler,
  show_ticket: showTicketHandler,
  list_tickets: listTicketsHandler,
  create_deal: createDealHandler,
  update_deal: updateDealHandler,
  report: reportHandler,
  create_reminder: createReminderHandler,
  list_reminders: listRemindersHandler,
  record_order: recordOrderHandler,
  schedule_digest: scheduleDigestHandler,
  list_automations: listAutomationsHandler,
  cancel_automation: cancelAutomationHandler,
  create_rule: createRuleHandler,
  set_quiet_hours: setQuietHoursHandler,
  find_duplicates: findDuplicatesHandler,
  merge_customers: mergeCustomersHandler,
};

export function handlerFor<N extends IntentName>(name: N): IntentHandler<N> {
  return HANDLERS[name];
}
