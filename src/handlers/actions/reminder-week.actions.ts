import { DateTime } from 'luxon';
import { notFound } from '../../app/errors.js';
import { findReminderById } from '../../crm/reminders/reminder.repository.js';
import { snoozeReminder } from '../../crm/reminders/reminder.service.js';
import type { Reminder } from '../../crm/reminders/reminder.table.js';
import { reply, text } from '../../reply/reply.js';
import { formatInstant } from '../common/format.js';
import { undoActions } from '../customers/undo-button.js';
import type { ActionMap } from './action-types.js';

/**
 * Where "Snooze 1 week" moves a reminder: a week after its due time, or a week from now when it
 * is already overdue; a date-only reminder stays date-only. Local calendar arithmetic (luxon),
 * so 09:00 stays 09:00 across a DST change.
 */
export function snoozeOneWeek(reminder: Pick<Reminder, 'due_at' | 'due_has_time'>, now: Date, tz: string): string {
  const base = DateTime.fromJSDate(new Date(Math.max(reminder.due_at.getTime(), now.getTime()))).setZone(tz);
  const next = base.plus({ weeks: 1 });
  return reminder.due_has_time ? next.toISO({ suppressMilliseconds: true })! : next.toISODate()!;
}

const idFrom = (value: string): number | null => {
  const n = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
};

export const reminderWeekActions: ActionMap = {
  /** The reminder DM's "Snooze 1 week" button; the service checks ownership. Undoable. */
  'reminder.snooze_week': {
    kind: 'job',
    writes: true,
    async handle(ctx, value) {
      const id = idFrom(value);
      if (!id) return { reply: reply(text('I could not read that button. Please ask again.', 'warning')) };
      const before = await findReminderById(ctx.db, id);
      if (!before) throw notFound(`I can't find that reminder (id ${id}); it may have been deleted.`);
      const after = await snoozeReminder(ctx, id, { until: snoozeOneWeek(before, ctx.now(), ctx.tz) });
      const snap = (r: Reminder) => ({ due_at: r.due_at, due_has_time: r.due_has_time, done_at: r.done_at, delivered_at: r.delivered_at });
      const auditId = await ctx.audit({ action: 'reminder.snooze', entity: 'reminder', entityId: id, before: snap(before), after: snap(after) });
      return { reply: reply(text(`Snoozed for a week, to ${formatInstant(after.due_at, ctx.tz)}: ${after.text}`, 'success'), undoActions(ctx, auditId)) };
    },
  },
};
