import { DateTime } from 'luxon';
import type { DbOrTx } from '../../db/database.js';
import { actions, button, text, type Action, type Reply } from '../../reply/reply.js';
import type { Notifier } from '../notifier.js';
import { enqueueMany, type Job } from '../queue.js';
import { PermanentJobError, type JobHandler } from '../worker.js';
import {
  DEFAULT_REMINDER_SETTINGS, DONE_VERB, SNOOZE_DAY_VERB, SNOOZE_WEEK_VERB, zoneOrUtc, type ReminderSettings,
} from './settings.js';

export const REMINDER_DELIVER = 'reminder.deliver';

export interface ReminderDeliverPayload {
  reminderId: number;
  /** The due time this job was scheduled for (ISO): a snoozed reminder is a different job. */
  dueAt: string;
}

/** One key per reminder and due time: snoozing gives the reminder a new key, so it fires again. */
export const reminderJobKey = (reminderId: number, dueAt: Date): string => `reminder:${reminderId}:${dueAt.toISOString()}`;

const HOUR = 3_600_000;

/**
 * Enqueues a delivery job for every open, undelivered reminder due by now + horizon, run_at =
 * due_at. Idempotent (keyed jobs), so every bot instance may run it every minute. Reminders
 * already more than overdueAfterHours late are left to the morning summary.
 */
export async function scheduleDueReminders(
  db: DbOrTx,
  now: Date,
  settings: Pick<ReminderSettings, 'horizonMs' | 'overdueAfterHours'> = DEFAULT_REMINDER_SETTINGS,
): Promise<number> {
  const due = await db
    .selectFrom('reminders')
    .select(['id', 'due_at'])
    .where('done_at', 'is', null)
    .where('delivered_at', 'is', null)
    .where('due_at', '<=', new Date(now.getTime() + settings.horizonMs))
    .where('due_at', '>', new Date(now.getTime() - settings.overdueAfterHours * HOUR))
    .orderBy('due_at')
    .execute();
  if (due.length === 0) return 0;
  return enqueueMany(
    db,
    due.map((r) => ({
      kind: REMINDER_DELIVER,
      payload: { reminderId: r.id, dueAt: r.due_at.toISOString() } satisfies ReminderDeliverPayload,
      runAt: r.due_at,
      idempotencyKey: reminderJobKey(r.id, r.due_at),
    })),
  );
}

/** "09:00" when due on the day the message arrives, else "Mon 23 Nov, 09:00", in the owner's zone. */
export function dueLabel(dueAt: Date, timeZone: string, now: Date): string {
  const due = DateTime.fromJSDate(dueAt).setZone(zoneOrUtc(timeZone));
  const today = DateTime.fromJSDate(now).setZone(zoneOrUtc(timeZone));
  if (due.hasSame(today, 'day')) return due.toFormat('HH:mm');
  return due.toFormat(due.hasSame(today, 'year') ? 'ccc d LLL, HH:mm' : 'ccc d LLL yyyy, HH:mm');
}

/** " at Acme Corp", unless the reminder text already names the customer. */
export const customerSuffix = (reminderText: string, customerName: string | null): string =>
  customerName && !reminderText.toLowerCase().includes(customerName.toLowerCase()) ? ` at ${customerName}` : '';

export function reminderButtons(reminderId: number, ownerId: number, settings: Pick<ReminderSettings, 'snoozeWeekButton'>, suffix = ''): Action[] {
  const value = String(reminderId);
  return [
    button(`Done${suffix}`, { verb: DONE_VERB, value, forUserId: ownerId }, 'primary'),
    button(`Snooze 1 day${suffix}`, { verb: SNOOZE_DAY_VERB, value, forUserId: ownerId }),
    ...(settings.snoozeWeekButton ? [button(`Snooze 1 week${suffix}`, { verb: SNOOZE_WEEK_VERB, value, forUserId: ownerId })] : []),
  ];
}

/** "⏰ Reminder: call Jane Cooper at Acme Corp — due 09:00" with Done / Snooze buttons. */
export function reminderReply(
  reminder: { id: number; owner_id: number; text: string; due_at: Date },
  customerName: string | null,
  timeZone: string,
  now: Date,
  settings: Pick<ReminderSettings, 'snoozeWeekButton'> = DEFAULT_REMINDER_SETTINGS,
): Reply {
  const line = `⏰ Reminder: ${reminder.text}${customerSuffix(reminder.text, customerName)} — due ${dueLabel(reminder.due_at, timeZone, now)}`;
  return { blocks: [text(line), actions(...reminderButtons(reminder.id, reminder.owner_id, settings))], private: true };
}

function readPayload(job: Job<unknown>): { reminderId: number; dueAt: Date } {
  const p = job.payload as Partial<ReminderDeliverPayload> | null;
  const dueAt = typeof p?.dueAt === 'string' ? new Date(p.dueAt) : undefined;
  if (!p || !Number.isSafeInteger(p.reminderId) || !dueAt || Number.isNaN(dueAt.getTime())) {
    throw new PermanentJobError(`unreadable ${REMINDER_DELIVER} payload: ${JSON.stringify(p)}`);
  }
  return { reminderId: p.reminderId!, dueAt };
}

/**
 * Sends one reminder as a DM, if it is still what was scheduled: not deleted, not done, not
 * snoozed to another time, not delivered, and not so late that the morning summary takes it.
 * delivered_at is set in the transaction that completes the job.
 */
export function reminderDeliveryHandler(deps: {
  notifier: Notifier;
  settings?: Partial<ReminderSettings>;
}): JobHandler<ReminderDeliverPayload> {
  const settings = { ...DEFAULT_REMINDER_SETTINGS, ...deps.settings };
  return {
    kind: REMINDER_DELIVER,
    async run(job, ctx) {
      const { reminderId, dueAt } = readPayload(job);
      const now = ctx.now();
      const found = await ctx.db
        .selectFrom('reminders as r')
        .innerJoin('users as u', 'u.id', 'r.owner_id')
        .leftJoin('customers as c', 'c.id', 'r.customer_id')
        .select(['r.id', 'r.owner_id', 'r.text', 'r.due_at', 'r.done_at', 'r.delivered_at', 'u.time_zone', 'u.deactivated_at', 'c.name as customer_name'])
        .where('r.id', '=', reminderId)
        .executeTakeFirst();
      if (!found || found.done_at || found.delivered_at || found.deactivated_at) return;
      if (found.due_at.getTime() !== dueAt.getTime()) return; // snoozed: the new time has its own job
      if (now.getTime() - dueAt.getTime() > settings.overdueAfterHours * HOUR) return; // the summary lists it
      const reply = reminderReply(found, found.customer_name, found.time_zone, now, settings);
      await deps.notifier.deliver({ userId: found.owner_id }, reply, job.idempotency_key ?? reminderJobKey(reminderId, dueAt));
      return async (tx) => {
        await tx
          .updateTable('reminders')
          .set({ delivered_at: now })
          .where('id', '=', reminderId)
          .where('due_at', '=', dueAt)
          .where('delivered_at', 'is', null)
          .execute();
      };
    },
  };
}
