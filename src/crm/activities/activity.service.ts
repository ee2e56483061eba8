import { forbidden, invalid, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { ACTIVITY_KINDS, type ActivityKind } from '../../intents/catalog.js';
import type { CrmContext } from '../context.js';
import { resolveDue } from '../reminders/due-date.js';
import { deleteRemindersForActivity, insertReminder } from '../reminders/reminder.repository.js';
import { prepareReminder } from '../reminders/reminder.service.js';
import type { Reminder } from '../reminders/reminder.table.js';
import { cleanOptionalText } from '../validation.js';
import {
  deleteActivityRow, findActivityById, insertActivity, listActivitiesByCustomer, type ActivityListItem,
} from './activity.repository.js';
import type { Activity } from './activity.table.js';

export const SUMMARY_MAX = 10_000;

export interface LogActivityInput {
  kind: ActivityKind;
  customerId: number;
  contactId?: number | null;
  summary?: string | null;
  /** Defaults to ctx.now(). */
  occurredAt?: Date | string;
  /** 'YYYY-MM-DD' (09:00 in the actor's zone) or an ISO date-time with offset. */
  followUp?: string | null;
  /** Reminder text; defaults to "Follow up with <contact> at <customer>". */
  followUpText?: string | null;
}

export interface LoggedActivity {
  activity: Activity;
  reminder: Reminder | null;
}

function parseOccurredAt(value: Date | string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) throw invalid(`"${String(value)}" is not a date and time I can read.`);
  return at;
}

/**
 * Logs a call, meeting, email or note by the actor, and its follow-up reminder if asked:
 * both rows or neither. Everything is validated before the first write.
 */
export async function logActivity(ctx: CrmContext, input: LogActivityInput): Promise<LoggedActivity> {
  if (!(ACTIVITY_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid(`"${input.kind}" is not something I can log; use ${ACTIVITY_KINDS.join(', ')}.`);
  }
  const summary = cleanOptionalText(input.summary, 'summary', SUMMARY_MAX);
  const occurredAt = parseOccurredAt(input.occurredAt, ctx.now());
  const followUp = input.followUp?.trim() || null;
  if (followUp) resolveDue(followUp, ctx.actor.timeZone); // fail now, not after the activity row exists

  return inTransaction(ctx.db, async (tx) => {
    const customer = await tx.selectFrom('customers').select(['id', 'name']).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw notFound(`I can't find that customer (id ${input.customerId}).`);
    let contactName: string | null = null;
    if (input.contactId !== null && input.contactId !== undefined) {
      const contact = await tx
        .selectFrom('contacts').select(['id', 'name', 'customer_id']).where('id', '=', input.contactId).executeTakeFirst();
      if (!contact || contact.customer_id !== customer.id) throw invalid(`That contact isn't at ${customer.name}.`);
      contactName = contact.name;
    }
    const activity = await insertActivity(tx, {
      kind: input.kind,
      customer_id: customer.id,
      contact_id: input.contactId ?? null,
      author_id: ctx.actor.id,
      summary,
      occurred_at: occurredAt,
    });
    if (!followUp) return { activity, reminder: null };
    const who = contactName ? `${contactName} at ${customer.name}` : customer.name;
    const reminder = await insertReminder(tx, prepareReminder(ctx, {
      text: input.followUpText?.trim() || `Follow up with ${who}`,
      due: followUp,
      customerId: customer.id,
      activityId: activity.id,
    }));
    return { activity, reminder };
  });
}

export async function listRecentActivities(db: DbOrTx, customerId: number, options: { limit?: number } = {}): Promise<ActivityListItem[]> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 100);
  return listActivitiesByCustomer(db, customerId, limit);
}

export interface DeletedActivity {
  activity: Activity;
  /** Follow-up reminders that went with it. */
  reminders: Reminder[];
}

/** Undo of "log …": removes the activity and its follow-up reminders; returns what was removed. */
export async function deleteActivity(ctx: CrmContext, id: number): Promise<DeletedActivity> {
  return inTransaction(ctx.db, async (tx) => {
    const activity = await findActivityById(tx, id);
    if (!activity) throw notFound(`I can't find that activity (id ${id}); it may already be gone.`);
    if (activity.author_id !== ctx.actor.id && ctx.actor.role !== 'admin' && ctx.actor.role !== 'manager') {
      throw forbidden('Only the person who logged it (or a manager) can delete that activity.');
    }
    // Explicit rather than relying on the cascade, so the caller can show and audit them.
    const reminders = await deleteRemindersForActivity(tx, id);
    await deleteActivityRow(tx, id);
    return { activity, reminders };
  });
}
