import { DateTime } from 'luxon';
import type { DbOrTx } from '../../db/database.js';
import { actions, context, list, text, type Block, type Reply } from '../../reply/reply.js';
import type { Notifier } from '../notifier.js';
import { enqueueMany, type Job } from '../queue.js';
import { PermanentJobError, type JobHandler } from '../worker.js';
import { customerSuffix, dueLabel, reminderButtons } from './deliver-reminder.js';
import { DEFAULT_REMINDER_SETTINGS, zoneOrUtc, type ReminderSettings } from './settings.js';

export const OVERDUE_SUMMARY = 'reminders.overdue_summary';

export interface OverdueSummaryPayload {
  userId: number;
  /** The owner's local date (YYYY-MM-DD) the summary is for. */
  localDate: string;
}

export const overdueSummaryKey = (userId: number, localDate: string): string => `${OVERDUE_SUMMARY}:${userId}:${localDate}`;

const HOUR = 3_600_000;
/** Reminders listed by name; the rest are counted. */
const LISTED = 20;
/** Reminders that get their own Done / Snooze buttons. */
const WITH_BUTTONS = 5;

/**
 * The summary's instant for a zone: summaryHour on the local date of `at` (DST-correct: luxon
 * maps the local wall time to the right offset that day).
 */
export function summaryInstant(at: Date, timeZone: string, summaryHour: number): { runAt: Date; localDate: string } {
  const local = DateTime.fromJSDate(at).setZone(zoneOrUtc(timeZone)).startOf('day').set({ hour: summaryHour });
  return { runAt: local.toJSDate(), localDate: local.toISODate()! };
}

/**
 * Enqueues today's summary job (run_at = summaryHour local, one key per user per local date) for
 * every active user with open reminders, once their summary time is within the horizon and
 * until summaryLateHours after it (a bot started at 10:00 still sends the morning's summary).
 * The job decides at run time whether anything is overdue enough to say.
 */
export async function scheduleOverdueSummaries(
  db: DbOrTx,
  now: Date,
  settings: Pick<ReminderSettings, 'horizonMs' | 'summaryHour' | 'summaryLateHours'> = DEFAULT_REMINDER_SETTINGS,
): Promise<number> {
  const ahead = new Date(now.getTime() + settings.horizonMs);
  const owners = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.time_zone'])
    .where('u.deactivated_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('reminders as r').select('r.id').whereRef('r.owner_id', '=', 'u.id').where('r.done_at', 'is', null).where('r.due_at', '<=', ahead),
      ),
    )
    .execute();
  const jobs = owners.flatMap((owner) => {
    const { runAt, localDate } = summaryInstant(ahead, owner.time_zone, settings.summaryHour);
    if (runAt.getTime() > ahead.getTime() || now.getTime() >= runAt.getTime() + settings.summaryLateHours * HOUR) return [];
    return [{
      kind: OVERDUE_SUMMARY,
      payload: { userId: owner.id, localDate } satisfies OverdueSummaryPayload,
      runAt,
      idempotencyKey: overdueSummaryKey(owner.id, localDate),
    }];
  });
  return jobs.length ? enqueueMany(db, jobs) : 0;
}

function readPayload(job: Job<unknown>): OverdueSummaryPayload {
  const p = job.payload as Partial<OverdueSummaryPayload> | null;
  if (!p || !Number.isSafeInteger(p.userId) || typeof p.localDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.localDate)) {
    throw new PermanentJobError(`unreadable ${OVERDUE_SUMMARY} payload: ${JSON.stringify(p)}`);
  }
  return p as OverdueSummaryPayload;
}

export interface OverdueItem {
  id: number;
  owner_id: number;
  text: string;
  due_at: Date;
  customer_name: string | null;
}

export function overdueSummaryReply(
  items: OverdueItem[],
  total: number,
  timeZone: string,
  now: Date,
  settings: Pick<ReminderSettings, 'snoozeWeekButton'> = DEFAULT_REMINDER_SETTINGS,
): Reply {
  const blocks: Block[] = [
    text(`☀️ Good morning — ${total === 1 ? '1 reminder is' : `${total} reminders are`} overdue:`),
    list(items.map((r) => `${r.text}${customerSuffix(r.text, r.customer_name)} — due ${dueLabel(r.due_at, timeZone, now)}`), true),
  ];
  if (total > items.length) blocks.push(context(`…and ${total - items.length} more. Say "my reminders" to see them all.`));
  const withButtons = items.slice(0, WITH_BUTTONS);
  const single = withButtons.length === 1;
  blocks.push(actions(...withButtons.flatMap((r, i) => reminderButtons(r.id, r.owner_id, settings, single ? '' : ` #${i + 1}`))));
  return { blocks, private: true };
}

/**
 * One DM listing the owner's open reminders more than overdueAfterHours late (instead of one
 * message each). Listed reminders that were never delivered count as delivered from now on.
 */
export function overdueSummaryHandler(deps: {
  notifier: Notifier;
  settings?: Partial<ReminderSettings>;
}): JobHandler<OverdueSummaryPayload> {
  const settings = { ...DEFAULT_REMINDER_SETTINGS, ...deps.settings };
  return {
    kind: OVERDUE_SUMMARY,
    async run(job, ctx) {
      const { userId, localDate } = readPayload(job);
      const now = ctx.now();
      const user = await ctx.db.selectFrom('users').select(['id', 'time_zone', 'deactivated_at']).where('id', '=', userId).executeTakeFirst();
      if (!user || user.deactivated_at) return;
      const cutoff = new Date(now.getTime() - settings.overdueAfterHours * HOUR);
      const overdue = ctx.db
        .selectFrom('reminders as r')
        .where('r.owner_id', '=', userId)
        .where('r.done_at', 'is', null)
        .where('r.due_at', '<', cutoff);
      const { n } = await overdue.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const total = Number(n);
      if (total === 0) return;
      const items = await overdue
        .leftJoin('customers as c', 'c.id', 'r.customer_id')
        .select(['r.id', 'r.owner_id', 'r.text', 'r.due_at', 'c.name as customer_name'])
        .orderBy('r.due_at')
        .orderBy('r.id')
        .limit(LISTED)
        .execute();
      await deps.notifier.deliver(
        { userId },
        overdueSummaryReply(items, total, user.time_zone, now, settings),
        job.idempotency_key ?? overdueSummaryKey(userId, localDate),
      );
      return async (tx) => {
        await tx
          .updateTable('reminders')
          .set({ delivered_at: now })
          .where('owner_id', '=', userId)
          .where('done_at', 'is', null)
          .where('delivered_at', 'is', null)
          .where('due_at', '<', cutoff)
          .execute();
      };
    },
  };
}
