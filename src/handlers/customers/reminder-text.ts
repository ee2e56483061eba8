import { DateTime } from 'luxon';
import type { Reminder } from '../../crm/reminders/reminder.table.js';
import { formatInstant } from '../common/format.js';

/** One reminder as a line of a list: overdue ones say so first, since that is what matters. */
export function reminderLine(reminder: Reminder, customerName: string | null, tz: string, now: Date): string {
  const overdue = reminder.due_at.getTime() < now.getTime() ? 'Overdue · ' : '';
  return `${overdue}${formatInstant(reminder.due_at, tz)}: ${reminder.text}${customerName ? ` (${customerName})` : ''}`;
}

/**
 * Where one "Snooze" click moves a reminder: a day after its due time, or a day from now when
 * it is already overdue. Counting from now alone would pull a reminder due next week forward.
 * A date-only reminder stays date-only (09:00 local), so the answer is a date or a date-time.
 */
export function snoozeOneDay(reminder: Pick<Reminder, 'due_at' | 'due_has_time'>, now: Date, tz: string): string {
  const base = DateTime.fromJSDate(new Date(Math.max(reminder.due_at.getTime(), now.getTime()))).setZone(tz);
  const next = base.plus({ days: 1 });
  return reminder.due_has_time ? next.toISO({ suppressMilliseconds: true })! : next.toISODate()!;
}
