import { DateTime } from 'luxon';
import { zoneOrUtc } from '../reminders/settings.js';
import type { DigestFrequency } from './automation.table.js';

/** When a digest runs: local wall time in a zone, daily, on weekdays, or on one ISO weekday. */
export interface DigestSchedule {
  frequency: DigestFrequency;
  /** ISO weekday 1 (Monday) … 7 (Sunday); weekly only. */
  weekday?: number | null;
  /** HH:MM */
  time: string;
  timeZone: string;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function matches(day: DateTime, schedule: DigestSchedule): boolean {
  if (schedule.frequency === 'daily') return true;
  if (schedule.frequency === 'weekdays') return day.weekday <= 5;
  return day.weekday === (schedule.weekday ?? 1);
}

/**
 * The first occurrence strictly after `after`. Local wall time through luxon, so 09:00
 * America/New_York is 13:00Z in summer and 14:00Z in winter; a time that does not exist on a
 * spring-forward day is moved forward by luxon (02:30 → 03:30), a repeated one takes the first.
 */
export function nextOccurrence(schedule: DigestSchedule, after: Date): Date {
  const zone = zoneOrUtc(schedule.timeZone);
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  let day = DateTime.fromJSDate(after).setZone(zone).startOf('day');
  for (let i = 0; i < 9; i += 1) {
    if (matches(day, schedule)) {
      const at = day.set({ hour, minute, second: 0, millisecond: 0 });
      if (at.toMillis() > after.getTime()) return at.toJSDate();
    }
    day = day.plus({ days: 1 });
  }
  throw new Error(`no occurrence of ${JSON.stringify(schedule)} within a week`);
}

/** "every Monday at 09:00 (America/New_York)", "every weekday at 08:30 (UTC)". */
export function describeSchedule(schedule: DigestSchedule): string {
  const when =
    schedule.frequency === 'daily' ? 'every day' : schedule.frequency === 'weekdays' ? 'every weekday' : `every ${WEEKDAY_NAMES[(schedule.weekday ?? 1) - 1]}`;
  return `${when} at ${schedule.time} (${zoneOrUtc(schedule.timeZone)})`;
}

/** Local HH:MM of minutes since midnight. */
const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * Quiet hours "20:00-08:00" in a zone: when `at` falls inside them, the instant they end
 * (DST-correct); otherwise null. A window may cross midnight; start = end means none.
 */
export function quietUntil(at: Date, window: { start: string; end: string; timeZone: string }): Date | null {
  const zone = zoneOrUtc(window.timeZone);
  const local = DateTime.fromJSDate(at).setZone(zone);
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return null;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const [eh, em] = window.end.split(':').map(Number) as [number, number];
  let endDay = local.startOf('day');
  if (start > end && now >= start) endDay = endDay.plus({ days: 1 });
  return endDay.set({ hour: eh, minute: em, second: 0, millisecond: 0 }).toJSDate();
}
