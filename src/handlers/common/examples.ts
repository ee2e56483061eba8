import type { IntentName } from '../../intents/catalog.js';
import type { UserRole } from '../../crm/users/user.table.js';

/** Example phrasings per intent: help shows them by role, unknown ranks suggestions by them. */
export const EXAMPLES: Record<Exclude<IntentName, 'unknown' | 'help'>, string[]> = {
  lookup_customer: ['who is Acme?', 'look up jane@acme.example', 'show me the Initech account'],
  create_customer: ['add customer Oceanic Airlines', 'new contact: Ann Lee at Contoso, ann@contoso.com'],
  log_activity: ['log a call with Jane at Acme: renewal, follow up next Tuesday', 'met with Bill from Initech, demo went well', 'note on Contoso: switching to annual billing'],
  create_ticket: ['open a ticket for Acme: SSO fails, high priority', 'urgent ticket for Fabrikam - checkout is down'],
  update_ticket: ['close ticket 42', 'assign #7 to me', 'set ticket 8 priority high'],
  show_ticket: ['show ticket 42', 'status of #19?'],
  list_tickets: ['my open tickets', 'tickets for Acme', 'all pending tickets'],
  create_deal: ['new deal: Acme renewal, $50k, closing end of month'],
  update_deal: ['move the Acme deal to negotiation', 'Contoso deal is won'],
  report: ['top segment this month', 'top 5 customers by revenue this year', 'my pipeline', 'ticket report last week', 'revenue by month this year'],
  create_reminder: ['remind me to send the contract to Acme tomorrow at 3pm'],
  list_reminders: ['what are my reminders?'],
  record_order: ['Acme ordered 20 licenses of Pro plan for $4,000'],
  schedule_digest: ['post the pipeline digest to #sales every Monday at 9am', 'daily ticket summary here at 8:30'],
  list_automations: ['what digests are scheduled?'],
  cancel_automation: ['cancel the pipeline digest'],
  create_rule: ['notify #support about urgent tickets', 'tell #sales when a deal is won', 'warn the assignee when a ticket SLA is about to breach'],
  set_quiet_hours: ['quiet hours in #support 20:00-08:00'],
  find_duplicates: ['find duplicates', 'duplicates of Acme'],
  merge_customers: ['merge Acme Inc into Acme Corp'],
};

export const GROUPS: Array<{ title: string; roles: UserRole[]; intents: Array<keyof typeof EXAMPLES> }> = [
  { title: 'Customers', roles: ['sales', 'support', 'manager', 'admin'], intents: ['lookup_customer', 'create_customer', 'log_activity'] },
  { title: 'Duplicates', roles: ['sales', 'manager', 'admin'], intents: ['find_duplicates', 'merge_customers'] },
  { title: 'Tickets', roles: ['sales', 'support', 'manager', 'admin'], intents: ['create_ticket', 'update_ticket', 'show_ticket', 'list_tickets'] },
  { title: 'Deals and orders', roles: ['sales', 'manager', 'admin'], intents: ['create_deal', 'update_deal', 'record_order'] },
  { title: 'Reminders', roles: ['sales', 'support', 'manager', 'admin'], intents: ['create_reminder', 'list_reminders'] },
  { title: 'Reports', roles: ['sales', 'support', 'manager', 'admin'], intents: ['report'] },
  { title: 'Digests and notifications', roles: ['manager', 'admin'], intents: ['schedule_digest', 'create_rule', 'set_quiet_hours', 'list_automations'] },
];

const trigrams = (s: string): Set<string> => {
  const clean = ` ${s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= clean.length; i++) out.add(clean.slice(i, i + 3));
  return out;
};

/** The intents whose examples look most like the message (trigram Jaccard similarity). */
export function closestIntents(message: string, n = 3): Array<{ intent: keyof typeof EXAMPLES; example: string }> {
  const grams = trigrams(message.slice(0, 500));
  const scored = (Object.entries(EXAMPLES) as Array<[keyof typeof EXAMPLES, string[]]>).map(([intent, examples]) => {
    let best = { score: -1, example: examples[0]! };
    for (const example of examples) {
      const other = trigrams(example);
      let shared = 0;
      for (const g of grams) if (other.has(g)) shared++;
      const score = shared / (grams.size + other.size - shared || 1);
      if (score > best.score) best = { score, example };
    }
    return { intent, ...best };
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, n).map(({ intent, example }) => ({ intent, example }));
}
