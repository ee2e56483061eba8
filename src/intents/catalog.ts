/**
 * The intent catalog of ../shared/intents.md as zod schemas. It is the single contract between
 * the deterministic parser, the LLM path (tool schemas are generated from it), the handlers
 * and the evaluation. Extend it with the catalog; never rename silently.
 */
import { z } from 'zod';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO date-time with offset');
/** A date, or a date-time with offset when the user stated a time or a span under a day. */
export const dateOrDateTime = z.union([isoDate, isoDateTime]);
export const period = z.object({ start: isoDate, end: isoDate }).strict();

const name = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(4000);
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD');
const amount = z.number().finite().nonnegative().max(1e12);

export const ACTIVITY_KINDS = ['call', 'meeting', 'email', 'note'] as const;
export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
export const REPORT_KINDS = ['segments', 'top_customers', 'revenue', 'pipeline', 'tickets', 'activities'] as const;
export const REPORT_GROUPS = ['owner', 'month', 'segment', 'stage', 'cluster'] as const;
/** 'growth': which segment grows fastest against the previous period. */
export const REPORT_SORTS = ['growth'] as const;
export const LIST_SCOPES = ['mine', 'all', 'customer'] as const;

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type DealStage = (typeof DEAL_STAGES)[number];
export type ReportKind = (typeof REPORT_KINDS)[number];

export const intentSchemas = {
  help: z.object({ topic: z.string().trim().min(1).max(100).optional() }).strict(),
  lookup_customer: z.object({ query: name }).strict(),
  create_customer: z
    .object({
      name,
      email: z.string().trim().max(320).optional(),
      phone: z.string().trim().max(40).optional(),
      company: name.optional(),
    })
    .strict(),
  log_activity: z
    .object({
      kind: z.enum(ACTIVITY_KINDS),
      customer: name,
      contact: name.optional(),
      summary: text.optional(),
      follow_up: dateOrDateTime.optional(),
    })
    .strict(),
  create_ticket: z
    .object({
      subject: text,
      customer: name.optional(),
      priority: z.enum(TICKET_PRIORITIES),
      // Filled by forms (Slack/Discord modals, "create ticket from message"), not by the parser.
      description: z.string().trim().min(1).max(20000).optional(),
    })
    .strict(),
  update_ticket: z
    .object({
      ticket: z.number().int().positive().max(2_147_483_647),
      status: z.enum(TICKET_STATUSES).optional(),
      priority: z.enum(TICKET_PRIORITIES).optional(),
      assignee: name.optional(),
    })
    .strict(),
  show_ticket: z.object({ ticket: z.number().int().positive().max(2_147_483_647) }).strict(),
  list_tickets: z
    .object({
      scope: z.enum(LIST_SCOPES),
      customer: name.optional(),
      status: z.enum(TICKET_STATUSES).optional(),
    })
    .strict(),
  create_deal: z
    .object({
      customer: name,
      title: name.optional(),
      amount: amount.optional(),
      currency: currency.optional(),
      stage: z.enum(DEAL_STAGES).optional(),
      close_date: isoDate.optional(),
    })
    .strict(),
  update_deal: z
    .object({
      deal: z.union([z.number().int().positive().max(2_147_483_647), name]),
      stage: z.enum(DEAL_STAGES).optional(),
      amount: amount.optional(),
      close_date: isoDate.optional(),
    })
    .strict(),
  report: z
    .object({
      report: z.enum(REPORT_KINDS),
      period: period.optional(),
      limit: z.number().int().min(1).max(100).optional(),
      owner: name.optional(),
      group_by: z.enum(REPORT_GROUPS).optional(),
      sort: z.enum(REPORT_SORTS).optional(),
    })
    .strict(),
  create_reminder: z.object({ text, due: dateOrDateTime, customer: name.optional() }).strict(),
  list_reminders: z.object({}).strict(),
  record_order: z
    .object({
      customer: name,
      product: name.optional(),
      quantity: z.number().int().positive().max(1_000_000).optional(),
      amount: amount.optional(),
      currency: currency.optional(),
    })
    .strict(),
  // Extensions beyond shared/intents.md (automation, issue 8): digests, rules, quiet hours.
  schedule_digest: z
    .object({
      report: z.enum(REPORT_KINDS),
      /** "#sales", a platform channel mention, or "here" (the channel the message came from). */
      channel: z.string().trim().min(1).max(100).optional(),
      frequency: z.enum(['daily', 'weekdays', 'weekly']),
      /** ISO weekday, 1 = Monday (weekly only). */
      weekday: z.number().int().min(1).max(7).optional(),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
    })
    .strict(),
  list_automations: z.object({}).strict(),
  cancel_automation: z.object({ target: z.string().trim().min(1).max(100) }).strict(),
  create_rule: z
    .object({ event: z.enum(['urgent_ticket', 'deal_won', 'sla_breach']), channel: z.string().trim().min(1).max(100).optional() })
    .strict(),
  set_quiet_hours: z
    .object({
      channel: z.string().trim().min(1).max(100).optional(),
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
      end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
    })
    .strict(),
  // Extensions beyond shared/intents.md (duplicates, issue 7). "merge X into Y": Y is the target.
  find_duplicates: z.object({ query: name.optional() }).strict(),
  merge_customers: z.object({ source: name, target: name }).strict(),
  unknown: z.object({}).strict(),
} as const;

export type IntentName = keyof typeof intentSchemas;
export const INTENT_NAMES = Object.keys(intentSchemas) as IntentName[];
export type Slots<N extends IntentName> = z.infer<(typeof intentSchemas)[N]>;
/** One parsed message: the discriminated union of every intent with its slots. */
export type Intent = { [N in IntentName]: { intent: N; slots: Slots<N> } }[IntentName];

export const UNKNOWN: Intent = { intent: 'unknown', slots: {} };

/** Validates a candidate intent; returns it typed, or null when it breaks the catalog. */
export function validateIntent(candidate: { intent: string; slots: unknown }): Intent | null {
  if (!(candidate.intent in intentSchemas)) return null;
  const schema = intentSchemas[candidate.intent as IntentName];
  const result = schema.safeParse(candidate.slots ?? {});
  return result.success ? ({ intent: candidate.intent, slots: result.data } as Intent) : null;
}
