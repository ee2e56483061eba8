import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { formatMoney } from '../../crm/money.js';
import type { Platform } from '../../crm/users/user.table.js';
import { actions, button, context, list, text, type Reply } from '../../reply/reply.js';
import { NoChannelRouteError, NoRouteError, type Notifier } from '../notifier.js';
import { enqueue, type Job } from '../queue.js';
import { zoneOrUtc } from '../reminders/settings.js';
import { PermanentJobError, type JobHandler } from '../worker.js';
import type { Automation, RuleEvent } from './automation.table.js';
import { channelOf } from './channel-ref.js';
import { quietUntil } from './schedule.js';

export const RULE_NOTIFY = 'rule.notify';
export const MUTE_RULE_VERB = 'automation.mute';
export const UNMUTE_RULE_VERB = 'automation.unmute';

/** How long before an SLA is due the assignee is warned. */
export const SLA_WARNING_MS = 3_600_000;
/** Events listed by name in one batched message. */
const LISTED = 15;

export interface RuleNotifyPayload {
  ruleId: number;
}

/** One job per rule per event: the event is notified once however often the write is retried. */
export const ruleJobKey = (ruleId: number, eventKey: string): string => `rule:${ruleId}:${eventKey}`;

export interface RuleEventInput {
  event: RuleEvent;
  /** Unique per event for one rule, e.g. ticket:42:urgent, deal:7:won:311. */
  key: string;
  summary: string;
  /** Who a DM rule (no channel) tells: the assignee, the owner. */
  targetUserId?: number | null;
  /** When it happened (or, for an SLA warning, when to warn). */
  at: Date;
}

export interface NewRule {
  event: RuleEvent;
  platform: Platform;
  workspaceId: string;
  channelId: string | null;
  channelLabel: string;
  timeZone: string;
  batchSeconds?: number;
  createdBy: number;
}

export async function createRule(db: DbOrTx, input: NewRule): Promise<Automation> {
  return db
    .insertInto('automations')
    .values({
      kind: 'rule',
      event: input.event,
      platform: input.platform,
      workspace_id: input.workspaceId,
      channel_id: input.channelId,
      channel_label: input.channelLabel,
      time_zone: zoneOrUtc(input.timeZone),
      ...(input.batchSeconds !== undefined ? { batch_seconds: input.batchSeconds } : {}),
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The end of the channel's quiet hours when `at` falls inside them, else null. */
export async function quietEnd(db: DbOrTx, rule: Pick<Automation, 'platform' | 'channel_id'>, at: Date): Promise<Date | null> {
  if (!rule.channel_id) return null;
  const quiet = await db
    .selectFrom('quiet_hours')
    .selectAll()
    .where('platform', '=', rule.platform)
    .where('channel_id', '=', rule.channel_id)
    .executeTakeFirst();
  return quiet ? quietUntil(at, { start: quiet.start_time, end: quiet.end_time, timeZone: quiet.time_zone }) : null;
}

/**
 * Records an event for every active rule that listens to it and enqueues its notification, in
 * the caller's transaction (the write that caused it): rolled back together, committed
 * together. The job runs after the rule's batch window (so a burst becomes one message) or
 * at the end of the channel's quiet hours, whichever is later.
 */
export async function fireRuleEvent(db: DbOrTx, input: RuleEventInput): Promise<number> {
  const rules = await db
    .selectFrom('automations')
    .selectAll()
    .where('kind', '=', 'rule')
    .where('event', '=', input.event)
    .where('cancelled_at', 'is', null)
    .execute();
  let fired = 0;
  for (const rule of rules) {
    const inserted = await db
      .insertInto('rule_events')
      .values({ rule_id: rule.id, event_key: input.key, summary: input.summary, target_user_id: input.targetUserId ?? null, occurred_at: input.at })
      .onConflict((oc) => oc.columns(['rule_id', 'event_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    let runAt = new Date(input.at.getTime() + rule.batch_seconds * 1000);
    const quiet = await quietEnd(db, rule, runAt);
    if (quiet && quiet > runAt) runAt = quiet;
    await enqueue(db, { kind: RULE_NOTIFY, payload: { ruleId: rule.id } satisfies RuleNotifyPayload, runAt, idempotencyKey: ruleJobKey(rule.id, input.key) });
    fired += 1;
  }
  return fired;
}

// ---- the hooks called from the CRM write paths (src/crm/tickets, src/crm/deals) ----

interface TicketLike {
  id: number;
  number: number;
  subject: string;
  status: string;
  priority: string;
  assignee_id: number | null;
  sla_due_at: Date | null;
  customer_id: number | null;
}

const hasRules = async (db: DbOrTx, events: RuleEvent[]): Promise<boolean> =>
  Boolean(
    await db.selectFrom('automations').select('id').where('kind', '=', 'rule').where('event', 'in', events).where('cancelled_at', 'is', null).limit(1).executeTakeFirst(),
  );

async function customerName(db: DbOrTx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  return (await db.selectFrom('customers').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

/** After a ticket is created (previous null) or changed: urgent tickets and SLA warnings. */
export async function onTicketWritten(db: DbOrTx, ticket: TicketLike, previous: TicketLike | null, now: Date): Promise<void> {
  if (!(await hasRules(db, ['urgent_ticket', 'sla_breach']))) return;
  const open = ticket.status === 'open' || ticket.status === 'pending';
  const customer = await customerName(db, ticket.customer_id);
  const label = `ticket #${ticket.number} ${ticket.subject}${customer ? ` (${customer})` : ''}`;
  if (ticket.priority === 'urgent' && open && previous?.priority !== 'urgent') {
    await fireRuleEvent(db, { event: 'urgent_ticket', key: `ticket:${ticket.id}:urgent`, summary: `Urgent ${label}`, targetUserId: ticket.assignee_id, at: now });
  }
  const due = ticket.sla_due_at;
  if (due && open && previous?.sla_due_at?.getTime() !== due.getTime()) {
    const warnAt = new Date(Math.max(now.getTime(), due.getTime() - SLA_WARNING_MS));
    await fireRuleEvent(db, { event: 'sla_breach', key: `ticket:${ticket.id}:sla:${due.toISOString()}`, summary: label, targetUserId: ticket.assignee_id, at: warnAt });
  }
}

/** After a deal changed: moved to won (the stage-history row makes each win its own event). */
export async function onDealWritten(
  db: DbOrTx,
  deal: { id: number; title: string; amount: string | null; currency: string; stage: string; customer_id: number; owner_id: number | null },
  previousStage: string,
  stageChangeId: number | undefined,
  now: Date,
): Promise<void> {
  if (deal.stage !== 'won' || previousStage === 'won' || !(await hasRules(db, ['deal_won']))) return;
  const customer = await customerName(db, deal.customer_id);
  const owner = deal.owner_id === null ? null : (await db.selectFrom('users').select('name').where('id', '=', deal.owner_id).executeTakeFirst())?.name;
  const amount = deal.amount === null ? '' : ` — ${formatMoney(deal.amount, deal.currency)}`;
  await fireRuleEvent(db, {
    event: 'deal_won',
    key: `deal:${deal.id}:won:${stageChangeId ?? now.toISOString()}`,
    summary: `${deal.title}${customer && !deal.title.includes(customer) ? ` (${customer})` : ''}${amount}${owner ? `, won by ${owner}` : ''}`,
    targetUserId: deal.owner_id,
    at: now,
  });
}

// ---- delivery ----

const EMOJI: Record<RuleEvent, string> = { urgent_ticket: '🚨', deal_won: '🏆', sla_breach: '⏳' };
const one: Record<RuleEvent, (s: string) => string> = {
  urgent_ticket: (s) => `${s}`,
  deal_won: (s) => `Deal won: ${s}`,
  sla_breach: (s) => `SLA about to breach: ${s}`,
};
const many: Record<RuleEvent, (n: number) => string> = {
  urgent_ticket: (n) => `${n} new urgent tickets:`,
  deal_won: (n) => `${n} deals won:`,
  sla_breach: (n) => `${n} tickets are about to breach their SLA:`,
};

export const RULE_DESCRIPTIONS: Record<RuleEvent, string> = {
  urgent_ticket: 'new urgent tickets',
  deal_won: 'deals won',
  sla_breach: 'tickets about to breach their SLA',
};

export function muteButton(ruleId: number) {
  return button('Mute this rule', { verb: MUTE_RULE_VERB, value: String(ruleId) });
}

/** One message for a batch of events of one rule: a line for one, a list for a burst. */
export function ruleReply(rule: Pick<Automation, 'id' | 'event' | 'channel_label'>, lines: string[]): Reply {
  const event = rule.event!;
  const head = lines.length === 1 ? `${EMOJI[event]} ${one[event](lines[0]!)}` : `${EMOJI[event]} ${many[event](lines.length)}`;
  const blocks: Reply['blocks'] = [text(head)];
  if (lines.length > 1) {
    blocks.push(list(lines.slice(0, LISTED)));
    if (lines.length > LISTED) blocks.push(context(`…and ${lines.length - LISTED} more.`));
  }
  blocks.push(context(`Rule #${rule.id}: ${RULE_DESCRIPTIONS[event]} → ${rule.channel_label}`));
  blocks.push(actions(muteButton(rule.id)));
  return { blocks };
}

function readPayload(job: Job<unknown>): RuleNotifyPayload {
  const p = job.payload as Partial<RuleNotifyPayload> | null;
  if (!p || !Number.isSafeInteger(p.ruleId)) throw new PermanentJobError(`unreadable ${RULE_NOTIFY} payload: ${JSON.stringify(p)}`);
  return p as RuleNotifyPayload;
}

interface Claimed {
  id: number;
  event_key: string;
  summary: string;
  target_user_id: number | null;
}

/** An SLA warning still worth sending: the ticket is open, its SLA unchanged; the current assignee. */
async function stillBreaching(db: DbOrTx, e: Claimed, now: Date): Promise<{ ok: boolean; target: number | null }> {
  const m = /^ticket:(\d+):sla:(.+)$/.exec(e.event_key);
  if (!m) return { ok: true, target: e.target_user_id };
  const ticket = await db.selectFrom('tickets').select(['status', 'sla_due_at', 'assignee_id']).where('id', '=', Number(m[1])).executeTakeFirst();
  // Unchanged SLA, still open, and not yet past it ("about to breach" after the fact helps nobody).
  const ok = Boolean(ticket && (ticket.status === 'open' || ticket.status === 'pending') && ticket.sla_due_at?.toISOString() === m[2] && (ticket.sla_due_at?.getTime() ?? 0) > now.getTime());
  return { ok, target: ticket?.assignee_id ?? null };
}

/**
 * Sends a rule's pending events as one message per destination: the rule's channel, or for a
 * rule without one (SLA warnings) a DM to each person concerned. Events are claimed atomically
 * (claimed_by = this job), so the other jobs of the same burst find nothing left and send
 * nothing. A muted rule swallows its events; quiet hours push the job to their end.
 */
export function ruleNotifyHandler(deps: { notifier: Notifier }): JobHandler<RuleNotifyPayload> {
  return {
    kind: RULE_NOTIFY,
    async run(job, ctx) {
      const { ruleId } = readPayload(job);
      const now = ctx.now();
      const rule = await ctx.db.selectFrom('automations').selectAll().where('id', '=', ruleId).executeTakeFirst();
      if (!rule || rule.kind !== 'rule' || rule.cancelled_at) return;
      const quiet = await quietEnd(ctx.db, rule, now);
      if (quiet && !rule.muted_at) {
        await enqueue(ctx.db, { kind: RULE_NOTIFY, payload: { ruleId }, runAt: quiet, idempotencyKey: ruleJobKey(ruleId, `after-quiet:${quiet.toISOString()}`) });
        return;
      }
      const claimed = await sql<Claimed>`
        update rule_events set claimed_by = ${job.id}
        where rule_id = ${ruleId} and notified_at is null and occurred_at <= ${now}
          and (claimed_by is null or claimed_by = ${job.id}
               or claimed_by in (select id from jobs where status = 'dead' or (status = 'done' and kind = ${RULE_NOTIFY})))
        returning id, event_key, summary, target_user_id`.execute(ctx.db);
      const events = [...claimed.rows].sort((a, b) => a.id - b.id);
      if (events.length === 0) return;
      const finish = async (tx: DbOrTx) => {
        await tx.updateTable('rule_events').set({ notified_at: now }).where('id', 'in', events.map((e) => e.id)).execute();
      };
      if (rule.muted_at) return finish;

      if (rule.channel_id) {
        const checked = await Promise.all(events.map(async (e) => ({ e, ...(await stillBreaching(ctx.db, e, now)) })));
        const lines = checked.filter((c) => c.ok).map((c) => c.e.summary);
        if (lines.length === 0) return finish;
        const channel = channelOf(rule);
        if (!deps.notifier.post) throw new NoChannelRouteError(channel);
        await deps.notifier.post(channel, ruleReply(rule, lines), `${RULE_NOTIFY}:${ruleId}:${events[0]!.id}-${events.at(-1)!.id}`);
        return finish;
      }
      const byTarget = new Map<number, Claimed[]>();
      for (const e of events) {
        const { ok, target } = await stillBreaching(ctx.db, e, now);
        if (!ok || target === null) continue;
        byTarget.set(target, [...(byTarget.get(target) ?? []), e]);
      }
      // Each person's events are marked as soon as their DM is sent (or they turn out to be
      // unreachable), so a failure for one person retries only those not told yet, and one
      // assignee without a chat identity does not hold everyone else's warnings hostage.
      for (const [userId, mine] of byTarget) {
        try {
          await deps.notifier.deliver({ userId }, ruleReply(rule, mine.map((e) => e.summary)), `${RULE_NOTIFY}:${ruleId}:${userId}:${events[0]!.id}-${events.at(-1)!.id}`);
        } catch (error) {
          if (!(error instanceof NoRouteError)) throw error;
          ctx.logger.info({ rule: ruleId, user: userId }, 'SLA warning not sent: the assignee has no chat identity');
        }
        await ctx.db.updateTable('rule_events').set({ notified_at: now }).where('id', 'in', mine.map((e) => e.id)).execute();
      }
      return finish;
    },
  };
}

/** "20:00" in the zone, for messages. */
export const localClock = (at: Date, zone: string): string => DateTime.fromJSDate(at).setZone(zoneOrUtc(zone)).toFormat('HH:mm');
