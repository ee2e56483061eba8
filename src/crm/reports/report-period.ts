import { DateTime } from 'luxon';
import { invalid } from '../../app/errors.js';
import type { ReportKind } from '../../intents/catalog.js';

/** Inclusive calendar dates ('YYYY-MM-DD') in the user's time zone, as the parser emits them. */
export interface ReportPeriod {
  start: string;
  end: string;
}

/**
 * A period resolved to instants: the half-open range [from, to) from `start` 00:00 to the day
 * after `end` 00:00 in `timeZone`. Half-open so that a timestamptz index range scan needs no
 * "23:59:59.999" fudge and DST days of 23 or 25 hours come out right.
 * `from`/`to` are ISO strings because both drivers bind them unambiguously as `::timestamptz`.
 */
export interface PeriodRange {
  period: ReportPeriod;
  timeZone: string;
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, timeZone: string, what: string): DateTime {
  const day = DATE.test(value) ? DateTime.fromISO(value, { zone: timeZone }) : DateTime.invalid('format');
  if (!day.isValid) throw invalid(`"${value}" is not a date I can report on (${what}).`, { value });
  return day.startOf('day');
}

export function assertTimeZone(timeZone: string): void {
  if (!DateTime.now().setZone(timeZone).isValid) throw invalid(`"${timeZone}" is not a time zone I know.`, { timeZone });
}

export function periodRange(period: ReportPeriod, timeZone: string): PeriodRange {
  assertTimeZone(timeZone);
  const start = parseDay(period.start, timeZone, 'start');
  const end = parseDay(period.end, timeZone, 'end');
  if (end < start) throw invalid(`The period ends (${period.end}) before it starts (${period.start}).`, { period });
  return {
    period,
    timeZone,
    from: start.toUTC().toISO()!,
    // plus({ days: 1 }) is calendar arithmetic in the zone, so it lands on local midnight across DST.
    to: end.plus({ days: 1 }).toUTC().toISO()!,
  };
}

/** Number of calendar days in an inclusive period. */
export function periodDays(period: ReportPeriod): number {
  const start = DateTime.fromISO(period.start, { zone: 'UTC' });
  const end = DateTime.fromISO(period.end, { zone: 'UTC' });
  return Math.round(end.diff(start, 'days').days) + 1;
}

/**
 * The period of equal length just before `period`. Whole calendar months (a month, a quarter, a
 * year) compare with the same number of whole months before, so "November" compares with
 * "October" (not Oct 2–31) and Q4 with Q3; any other period shifts back by its number of days
 * ("last 30 days" → the 30 days before).
 */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const start = DateTime.fromISO(period.start, { zone: 'UTC' });
  const end = DateTime.fromISO(period.end, { zone: 'UTC' });
  if (start.day === 1 && end.equals(end.endOf('month').startOf('day'))) {
    const months = Math.round(end.plus({ days: 1 }).diff(start, 'months').months);
    return { start: start.minus({ months }).toISODate()!, end: start.minus({ days: 1 }).toISODate()! };
  }
  const days = periodDays(period);
  return { start: start.minus({ days }).toISODate()!, end: start.minus({ days: 1 }).toISODate()! };
}

/**
 * The period a report covers when the user named none: this calendar month in the user's zone
 * (whole month, as "this month" resolves in the intent catalog) for every kind except
 * `pipeline`, which shows all open deals whatever their close date (undefined = no filter).
 */
export function defaultPeriod(kind: ReportKind, now: Date, timeZone: string): ReportPeriod | undefined {
  if (kind === 'pipeline') return undefined;
  assertTimeZone(timeZone);
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return { start: local.startOf('month').toISODate()!, end: local.endOf('month').toISODate()! };
}

/** 'YYYY-MM-DD' of every day of the period, in order: lets daily rows include empty days. */
export function daysOf(period: ReportPeriod): string[] {
  const days: string[] = [];
  const last = DateTime.fromISO(period.end, { zone: 'UTC' });
  for (let d = DateTime.fromISO(period.start, { zone: 'UTC' }); d <= last; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

/** Midnight starting a 'YYYY-MM-DD' day in the zone, as an ISO instant (where a report cuts its days or months). */
export function localMidnight(day: string, timeZone: string): string {
  return DateTime.fromISO(day, { zone: timeZone }).toUTC().toISO()!;
}

/** 'YYYY-MM' of every month the period touches, in order: lets monthly rows include empty months. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  let month = DateTime.fromISO(period.start, { zone: 'UTC' }).startOf('month');
  const last = DateTime.fromISO(period.end, { zone: 'UTC' }).startOf('month');
  while (month <= last) {
    months.push(month.toFormat('yyyy-MM'));
    month = month.plus({ months: 1 });
  }
  return months;
}
