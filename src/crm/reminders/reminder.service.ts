import { forbidden, invalid, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { CrmContext } from '../context.js';
import { cleanText } from '../validation.js';
import { resolveDue, snoozeDue, type SnoozeBy } from './due-date.js';
import {
  deleteReminderRow, findNextOpenReminderForCustomer, findReminderById, insertReminder, listOpenRemindersForOwner,
  updateReminderRow,
} from './reminder.repository.js';
import type { NewReminder, Reminder } from './reminder.table.js';

export const REMINDER_TEXT_MAX = 4000;

export interface ReminderInput {
  text: string;
  /** 'YYYY-MM-DD' (09:00 in the actor's zone) or an ISO date-time with offset. */
  due: string;
  customerId?: number | null;
  activityId?: number | null;
}

/** Validates and builds the row without touching the database (activities reuse it). */
export function prepareReminder(ctx: CrmContext, input: ReminderInput): NewReminder {
  const text = cleanText(input.text, 'reminder text', { min: 1, max: REMINDER_TEXT_MAX });
  const { dueAt, dueHasTime } = resolveDue(input.due, ctx.actor.timeZone);
  return {
    owner_id: ctx.actor.id,
    text,
    due_at: dueAt,
    due_has_time: dueHasTime,
    customer_id: input.customerId ?? null,
    activity_id: input.activityId ?? null,
  };
}

export async function createReminder(ctx: CrmContext, input: ReminderInput): Promise<Reminder> {
  const row = prepareReminder(ctx, input);
  return inTransaction(ctx.db, async (tx) => {
    if (row.customer_id !== null && row.customer_id !== undefined) {
      const customer = await tx.selectFrom('customers').select('id').where('id', '=', row.customer_id).executeTakeFirst();
      if (!customer) throw notFound(`I can't find that customer (id ${row.customer_id}).`);
    }
    return insertReminder(tx, row);
  });
}

export async function listOpenReminders(db: DbOrTx, ownerId: number, options: { limit?: number } = {}): Promise<Reminder[]> {
  return listOpenRemindersForOwner(db, ownerId, options.limit ?? 50);
}

/** "what are my reminders?" */
export async function listMyReminders(ctx: CrmContext, options: { limit?: number } = {}): Promise<Reminder[]> {
  return listOpenReminders(ctx.db, ctx.actor.id, options);
}

export async function nextOpenReminder(db: DbOrTx, customerId: number): Promise<Reminder | null> {
  return (await findNextOpenReminderForCustomer(db, customerId)) ?? null;
}

async function ownReminder(ctx: CrmContext, db: DbOrTx, id: number): Promise<Reminder> {
  const reminder = await findReminderById(db, id);
  if (!reminder) throw notFound(`I can't find that reminder (id ${id}); it may have been deleted.`);
  if (reminder.owner_id !== ctx.actor.id && ctx.actor.role !== 'admin') {
    throw forbidden("That reminder belongs to someone else, so I can't change it for you.");
  }
  return reminder;
}

/** Idempotent: a reminder already done stays as it was. */
export async function markReminderDone(ctx: CrmContext, id: number): Promise<Reminder> {
  return inTransaction(ctx.db, async (tx) => {
    const reminder = await ownReminder(ctx, tx, id);
    if (reminder.done_at) return reminder;
    return (await updateReminderRow(tx, id, { done_at: ctx.now() }))!;
  });
}

export type SnoozeInput = { by: SnoozeBy; until?: never } | { until: string; by?: never };

/** Moves the due time (by a length of time from now, or to a date) and makes it deliverable again. */
export async function snoozeReminder(ctx: CrmContext, id: number, input: SnoozeInput): Promise<Reminder> {
  if ((input.by === undefined) === (input.until === undefined)) throw invalid('Snooze either by a length of time or until a date.');
  return inTransaction(ctx.db, async (tx) => {
    const reminder = await ownReminder(ctx, tx, id);
    const owner = await tx.selectFrom('users').select('time_zone').where('id', '=', reminder.owner_id).executeTakeFirst();
    // Date-only due times are delivered in the owner's zone, so compute them there.
    const zone = owner?.time_zone ?? ctx.actor.timeZone;
    const due = input.until !== undefined
      ? resolveDue(input.until, zone)
      : snoozeDue(input.by!, ctx.now(), zone, !reminder.due_has_time);
    if (due.dueAt.getTime() <= ctx.now().getTime()) throw invalid('That time has already passed — pick a later one.');
    return (await updateReminderRow(tx, id, { due_at: due.dueAt, due_has_time: due.dueHasTime, delivered_at: null, done_at: null }))!;
  });
}

/** Removes a reminder (Undo of "remind me …"); returns the deleted row. */
export async function deleteReminder(ctx: CrmContext, id: number): Promise<Reminder> {
  return inTransaction(ctx.db, async (tx) => {
    await ownReminder(ctx, tx, id);
    return (await deleteReminderRow(tx, id))!;
  });
}
