import { settleCharts } from '../../charts/chart-block.js';
import { permissionFor } from '../../app/permissions.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { Platform } from '../../crm/users/user.table.js';
import type { HandlerContext } from '../../handlers/handler.js';
import { reportHandler } from '../../handlers/report.handler.js';
import { REPORT_KINDS, type ReportKind } from '../../intents/catalog.js';
import { actions, button, context, header, type Reply } from '../../reply/reply.js';
import type { Notifier } from '../notifier.js';
import { channelOf } from './channel-ref.js';
import { NoChannelRouteError } from '../notifier.js';
import { enqueue, type Job } from '../queue.js';
import { zoneOrUtc } from '../reminders/settings.js';
import { PermanentJobError, type JobHandler } from '../worker.js';
import type { Automation, DigestFrequency } from './automation.table.js';
import { describeSchedule, nextOccurrence, type DigestSchedule } from './schedule.js';

export const DIGEST_POST = 'digest.post';
export const CANCEL_AUTOMATION_VERB = 'automation.cancel';

export interface DigestPostPayload {
  automationId: number;
  /** The occurrence (ISO) this post is for. */
  at: string;
}

/** One key per digest per occurrence: every instance may schedule it, it is posted once. */
export const digestJobKey = (automationId: number, at: Date): string => `digest:${automationId}:${at.toISOString()}`;

const HOUR = 3_600_000;
/** A digest more than this late (the bot was down) is skipped to its next occurrence. */
const STALE_AFTER_MS = 6 * HOUR;

const REPORT_TITLES: Record<ReportKind, string> = {
  pipeline: 'Pipeline digest',
  tickets: 'Ticket summary',
  revenue: 'Revenue digest',
  top_customers: 'Top customers digest',
  segments: 'Segments digest',
  activities: 'Activity digest',
};
export const digestTitle = (report: string): string => REPORT_TITLES[report as ReportKind] ?? `${report} digest`;

export interface NewDigest {
  platform: Platform;
  workspaceId: string;
  channelId: string;
  channelLabel: string;
  report: ReportKind;
  schedule: DigestSchedule;
  createdBy: number;
  now: Date;
}

export async function createDigest(db: DbOrTx, input: NewDigest): Promise<Automation> {
  return db
    .insertInto('automations')
    .values({
      kind: 'digest',
      platform: input.platform,
      workspace_id: input.workspaceId,
      channel_id: input.channelId,
      channel_label: input.channelLabel,
      report: input.report,
      frequency: input.schedule.frequency,
      weekday: input.schedule.frequency === 'weekly' ? (input.schedule.weekday ?? 1) : null,
      local_time: input.schedule.time,
      time_zone: zoneOrUtc(input.schedule.timeZone),
      next_run_at: nextOccurrence(input.schedule, input.now),
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const scheduleOf = (a: Pick<Automation, 'frequency' | 'weekday' | 'local_time' | 'time_zone'>): DigestSchedule => ({
  frequency: (a.frequency ?? 'daily') as DigestFrequency,
  weekday: a.weekday,
  time: a.local_time ?? '09:00',
  timeZone: a.time_zone,
});

/**
 * Enqueues each active digest's next occurrence once it is within the horizon (run_at = the
 * occurrence) and moves next_run_at on, compare-and-set, so instances running this together
 * enqueue each occurrence once (and the job key would drop a repeat anyway). An occurrence
 * missed by more than six hours is skipped, not posted late.
 */
export async function scheduleDueDigests(db: DbOrTx, now: Date, horizonMs: number): Promise<number> {
  const due = await db
    .selectFrom('automations')
    .selectAll()
    .where('kind', '=', 'digest')
    .where('cancelled_at', 'is', null)
    .where('next_run_at', '<=', new Date(now.getTime() + horizonMs))
    .execute();
  let added = 0;
  for (const digest of due) {
    const at = digest.next_run_at!;
    const schedule = scheduleOf(digest);
    const stale = now.getTime() - at.getTime() > STALE_AFTER_MS;
    const following = nextOccurrence(schedule, stale ? now : at);
    // Moving next_run_at and enqueueing the occurrence commit together: a crash between the two
    // must not lose the occurrence (no instance would enqueue it again).
    const job = await inTransaction(db, async (tx) => {
      const moved = await tx
        .updateTable('automations')
        .set({ next_run_at: following })
        .where('id', '=', digest.id)
        .where('next_run_at', '=', at)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1 || stale) return undefined;
      return enqueue(tx, {
        kind: DIGEST_POST,
        payload: { automationId: digest.id, at: at.toISOString() } satisfies DigestPostPayload,
        runAt: at,
        idempotencyKey: digestJobKey(digest.id, at),
      });
    });
    if (job) added += 1;
  }
  return added;
}

function readPayload(job: Job<unknown>): { automationId: number; at: Date } {
  const p = job.payload as Partial<DigestPostPayload> | null;
  const at = typeof p?.at === 'string' ? new Date(p.at) : undefined;
  if (!p || !Number.isSafeInteger(p.automationId) || !at || Number.isNaN(at.getTime())) {
    throw new PermanentJobError(`unreadable ${DIGEST_POST} payload: ${JSON.stringify(p)}`);
  }
  return { automationId: p.automationId!, at };
}

export { channelOf };

/**
 * Runs the digest's report as its creator would see it (their zone and their role, checked again
 * at every post) through the report handler, and posts it with its chart. A creator who was
 * deactivated, or who may no longer see that report (a manager moved to sales), ends the digest:
 * it is cancelled, with the reason in the log, instead of posting what they could not ask for.
 */
export async function digestReply(db: DbOrTx, digest: Automation, at: Date, logger: HandlerContext['logger']): Promise<Reply | null> {
  const creator = await db.selectFrom('users').selectAll().where('id', '=', digest.created_by).executeTakeFirst();
  if (!(REPORT_KINDS as readonly string[]).includes(digest.report ?? '')) throw new PermanentJobError(`unknown report ${digest.report}`);
  const refusal = !creator || creator.deactivated_at
    ? 'its creator is no longer active'
    : permissionFor(creator.role, { intent: 'report', slots: { report: digest.report as ReportKind } });
  if (!creator || refusal) {
    await db.updateTable('automations').set({ cancelled_at: at }).where('id', '=', digest.id).where('cancelled_at', 'is', null).execute();
    logger.warn({ automation: digest.id, reason: refusal }, 'digest cancelled: its creator may no longer see this report');
    return null;
  }
  const ctx: HandlerContext = {
    db,
    logger,
    actor: { id: creator.id, name: creator.name, role: creator.role, timeZone: digest.time_zone },
    now: () => at,
    platform: digest.platform,
    tz: zoneOrUtc(digest.time_zone),
    memory: {},
    audit: async () => {
      throw new Error('a digest does not write');
    },
  };
  const result = await reportHandler.handle(ctx, { slots: { report: digest.report as ReportKind }, picked: {} });
  const report = await settleCharts(result.reply);
  return {
    blocks: [
      header(`📊 ${digestTitle(digest.report!)}`),
      ...report.blocks,
      context(`Scheduled by ${creator.name}: ${describeSchedule(scheduleOf(digest))}. Say “cancel the ${digestTitle(digest.report!).toLowerCase()}” to stop it.`),
      actions(button('Cancel this digest', { verb: CANCEL_AUTOMATION_VERB, value: String(digest.id) }, 'danger')),
    ],
  };
}

export function digestPostHandler(deps: { notifier: Notifier }): JobHandler<DigestPostPayload> {
  return {
    kind: DIGEST_POST,
    async run(job, ctx) {
      const { automationId, at } = readPayload(job);
      const digest = await ctx.db.selectFrom('automations').selectAll().where('id', '=', automationId).executeTakeFirst();
      if (!digest || digest.kind !== 'digest' || digest.cancelled_at) return;
      const reply = await digestReply(ctx.db, digest, at, ctx.logger);
      if (!reply) return;
      const channel = channelOf(digest);
      if (!deps.notifier.post) throw new NoChannelRouteError(channel);
      await deps.notifier.post(channel, reply, job.idempotency_key ?? digestJobKey(automationId, at));
    },
  };
}
