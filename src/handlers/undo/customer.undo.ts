import { silentLogger } from '../../app/logger.js';
import { deleteActivity } from '../../crm/activities/activity.service.js';
import type { CrmContext } from '../../crm/context.js';
import { findReminderById, updateReminderRow } from '../../crm/reminders/reminder.repository.js';
import { deleteReminder } from '../../crm/reminders/reminder.service.js';
import { AppError, notFound } from '../../app/errors.js';
import { formatInstant } from '../common/format.js';
import { removeNewContact, removeNewCustomer } from '../customers/record-removal.js';
import type { UndoContext, UndoMap } from './undo-types.js';

/** Services take a CrmContext; an undo runs in the dispatcher's transaction with the undoing actor. */
const crm = (ctx: UndoContext): CrmContext => ({ db: ctx.tx, logger: silentLogger, actor: ctx.actor, now: () => ctx.now });

const record = (json: unknown): Record<string, unknown> => (json && typeof json === 'object' ? (json as Record<string, unknown>) : {});

function idIn(json: unknown, key: string): number {
  const value = record(json)[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new AppError('invalid', 'That change can’t be undone from chat.');
  return value;
}

/** Restores a reminder's schedule fields as they were before a Done or Snooze click. */
async function restoreReminder(ctx: UndoContext, id: number, before: unknown): Promise<string> {
  const reminder = await findReminderById(ctx.tx, id);
  if (!reminder) throw notFound('That reminder is gone, so there is nothing to undo.');
  const was = record(before);
  const restored = await updateReminderRow(ctx.tx, id, {
    due_at: String(was.due_at),
    due_has_time: Boolean(was.due_has_time),
    done_at: typeof was.done_at === 'string' ? was.done_at : null,
    delivered_at: typeof was.delivered_at === 'string' ? was.delivered_at : null,
  });
  return `Back to ${formatInstant(restored!.due_at, ctx.actor.timeZone)}: ${restored!.text}`;
}

export const customerUndo: UndoMap = {
  async 'activity.create'(ctx, entry) {
    const removed = await deleteActivity(crm(ctx), idIn(entry.after, 'activityId'));
    const customer = record(entry.after).customerName;
    const where = typeof customer === 'string' ? ` with ${customer}` : '';
    const followUp = removed.reminders.length > 0 ? ' and its follow-up reminder' : '';
    return `Removed the ${removed.activity.kind} logged${where}${followUp}.`;
  },

  async 'customer.create'(ctx, entry) {
    const { name } = await removeNewCustomer(ctx.tx, entry.entity_id ?? idIn(entry.after, 'id'));
    return `Removed ${name}.`;
  },

  async 'contact.create'(ctx, entry) {
    const { name, customerName } = await removeNewContact(ctx.tx, idIn(entry.after, 'contactId'));
    return `Removed ${name} from the contacts at ${customerName}.`;
  },

  async 'reminder.create'(ctx, entry) {
    const removed = await deleteReminder(crm(ctx), idIn(entry.after, 'reminderId'));
    return `Removed the reminder: ${removed.text}`;
  },

  async 'reminder.done'(ctx, entry) {
    const said = await restoreReminder(ctx, entry.entity_id ?? 0, entry.before);
    return `Reopened the reminder. ${said}`;
  },

  async 'reminder.snooze'(ctx, entry) {
    const said = await restoreReminder(ctx, entry.entity_id ?? 0, entry.before);
    return `Unsnoozed. ${said}`;
  },
};
