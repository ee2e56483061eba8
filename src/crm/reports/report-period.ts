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

/** Zones already found valid: checking builds an Intl formatter (about 8 µs), on every report. */
const knownZones = new Set<string>();

export function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  if (!DateTime.now().setZone(timeZone).isValid) throw invalid(`"${timeZone}" is not a time zone I know.`, { timeZone });
  if (knownZones.size < 1000) knownZones.add(timeZone);
}

export function periodRange(period: ReportPeriod, timeZone: string): PeriodRange {
  assertTimeZone(timeZone);
  const start = calendarDate(period.start, ' (start)');
  const end = calendarDate(period.end, ' (end)');
  if (end < start) throw invalid(`The period ends (${period.end}) before it starts (${period.start}).`, { period });
  return {
    period,
    timeZone,
    from: localMidnight(period.start, timeZone),
    // The day after, at its own midnight: across a DST change the range is 23 or 25 hours.
    to: localMidnight(isoDate(new Date(end.getTime() + DAY_MS)), timeZone),
  };
}

/*
 * Calendar arithmetic on 'YYYY-MM-DD' dates needs no zone: a date is its UTC midnight, and a UTC
 * day is always 24 hours. Plain Date arithmetic here, not luxon: reports do this several times a
 * message, and luxon's DateTime costs microseconds per step.
 */
const DAY_MS = 86_400_000;
const utcDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
/** A 'YYYY-MM-DD' that exists (not 31 Feb), as its UTC midnight; undefined otherwise. */
export function utcCalendarDate(value: string): Date | undefined {
  const date = utcDate(value);
  return DATE.test(value) && !Number.isNaN(date.getTime()) && isoDate(date) === value ? date : undefined;
}
/** The same, a user error when the date does not exist (`which`: " (start)", " (end)"). */
function calendarDate(value: string, which = ''): Date {
  const date = utcCalendarDate(value);
  if (!date) throw invalid(`"${value}" is not a date I can report on${which}.`, { value });
  return date;
}
/** The 1st of month `month` (0-based, may overflow either way) of `year`, years below 100 included. */
function firstOfMonth(year: number, month: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date;
}

/** Number of calendar days in an inclusive period. */
export function periodDays(period: ReportPeriod): number {
  return Math.round((utcDate(period.end).getTime() - utcDate(period.start).getTime()) / DAY_MS) + 1;
}

/**
 * The period of equal length just before `period`. Whole calendar months (a month, a quarter, a
 * year) compare with the same number of whole months before, so "November" compares with
 * "October" (not Oct 2–31) and Q4 with Q3; any other period shifts back by its number of days
 * ("last 30 days" → the 30 days before).
 */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const start = calendarDate(period.start);
  const end = calendarDate(period.end);
  const dayBefore = isoDate(new Date(start.getTime() - DAY_MS));
  const dayAfterEnd = new Date(end.getTime() + DAY_MS);
  if (start.getUTCDate() === 1 && dayAfterEnd.getUTCDate() === 1) {
    const months = (dayAfterEnd.getUTCFullYear() - start.getUTCFullYear()) * 12 + dayAfterEnd.getUTCMonth() - start.getUTCMonth();
    return { start: isoDate(firstOfMonth(start.getUTCFullYear(), start.getUTCMonth() - months)), end: dayBefore };
  }
  return { start: isoDate(new Date(start.getTime() - periodDays(period) * DAY_MS)), end: dayBefore };
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
  const last = utcDate(period.end).getTime();
  for (let t = utcDate(period.start).getTime(); t <= last; t += DAY_MS) days.push(isoDate(new Date(t)));
  return days;
}

/**
 * Midnight starting a 'YYYY-MM-DD' day in the zone, as an ISO instant (where a report cuts its
 * days or months; where a day has no midnight, its first hour). Remembered: finding a zone's
 * offset costs luxon about 20 µs, a report asks for every day it charts, and the days asked
 * are mostly the same few.
 */
export function localMidnight(day: string, timeZone: string): string {
  const key = `${timeZone} ${day}`;
  let at = midnights.get(key);
  if (at === undefined) {
    at = DateTime.fromISO(day, { zone: timeZone }).toUTC().toISO()!;
    if (midnights.size >= MIDNIGHTS_KEPT) midnights.clear();
    midnights.set(key, at);
  }
  return at;
}
const MIDNIGHTS_KEPT = 10_000;
const midnights = new Map<string, string>();

/** 'YYYY-MM' of every month the period touches, in order: lets monthly rows include empty months. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  const start = utcDate(period.start);
  const end = utcDate(period.end);
  const last = end.getUTCFullYear() * 12 + end.getUTCMonth();
  for (let m = start.getUTCFullYear() * 12 + start.getUTCMonth(); m <= last; m++) months.push(isoDate(firstOfMonth(Math.floor(m / 12), m % 12)).slice(0, 7));
  return months;
}
