import { DateTime, Duration } from 'luxon';
import { invalid } from '../../app/errors.js';

/** A date-only reminder is delivered at this local hour in its owner's zone. */
export const DATE_ONLY_HOUR = 9;

export interface Due {
  dueAt: Date;
  /** false when the user gave only a date. */
  dueHasTime: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// A date-time must carry its offset (or Z): without one the instant would depend on the server.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The intent catalog's due values: 'YYYY-MM-DD' → 09:00 that day in `timeZone`;
 * an ISO date-time with offset → that instant.
 */
export function resolveDue(value: string, timeZone: string): Due {
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const day = DateTime.fromISO(text, { zone: timeZone });
    if (!day.isValid) throw invalid(`"${text}" is not a real date — try ${example()}.`);
    // Luxon shifts a non-existent local time (a DST gap) forward, as people expect.
    return { dueAt: day.set({ hour: DATE_ONLY_HOUR }).toJSDate(), dueHasTime: false };
  }
  if (DATE_TIME.test(text)) {
    const at = DateTime.fromISO(text, { setZone: true });
    if (!at.isValid) throw invalid(`"${text}" is not a real date and time — try ${example()} or 2026-11-24T15:00:00-05:00.`);
    return { dueAt: at.toJSDate(), dueHasTime: true };
  }
  throw invalid(`I need the date as YYYY-MM-DD (like ${example()}) or a date and time with its offset, not "${shorten(text)}".`);
}

/** Snooze lengths: an ISO 8601 duration ("PT2H", "P1D") or luxon-style units. */
export type SnoozeBy = string | { minutes?: number; hours?: number; days?: number; weeks?: number };

/**
 * The new due time for "snooze by …". Whole days on a date-only reminder keep it date-only
 * (09:00 local, N days from today); anything else counts from now and has a time.
 */
export function snoozeDue(by: SnoozeBy, now: Date, timeZone: string, dateOnly: boolean): Due {
  const duration = typeof by === 'string' ? Duration.fromISO(by.trim().toUpperCase()) : Duration.fromObject(by);
  const millis = duration.isValid ? duration.as('milliseconds') : NaN;
  if (!Number.isFinite(millis) || millis <= 0) {
    throw invalid(`I can snooze by a positive length of time, like 2 hours or 3 days.`);
  }
  if (millis > Duration.fromObject({ years: 2 }).as('milliseconds')) throw invalid('That snooze is longer than two years.');
  const shifted = duration.shiftTo('weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds').toObject();
  const wholeDays = !shifted.hours && !shifted.minutes && !shifted.seconds && !shifted.milliseconds;
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  if (dateOnly && wholeDays) {
    return { dueAt: local.startOf('day').plus(duration).set({ hour: DATE_ONLY_HOUR }).toJSDate(), dueHasTime: false };
  }
  return { dueAt: local.plus(duration).toJSDate(), dueHasTime: true };
}

const example = () => '2026-11-24';
const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
