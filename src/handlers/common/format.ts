import { DateTime } from 'luxon';
import { utcCalendarDate } from '../../crm/reports/report-period.js';

/** "Tue 24 Nov 2026, 09:00" in the user's zone; date-only values stay dates. */
export function formatInstant(value: Date | string | null | undefined, tz: string): string {
  const parts = value ? partsOf(value, tz) : undefined;
  return parts ? `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}` : '—';
}

/** "Tue 24 Nov 2026": a 'YYYY-MM-DD' date as it is, an instant as the day it is in the user's zone. */
export function formatDay(value: Date | string | null | undefined, tz: string): string {
  if (!value) return '—';
  const parts = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? calendarDay(value) : partsOf(value, tz);
  return parts ? `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}` : '—';
}

/*
 * Cards and lists format a date or two per row, for every message: one cached Intl formatter
 * per zone does it in a single call (luxon's toFormat made several, and worked out the zone's
 * offset in JavaScript each time). English names whatever the server's locale.
 */
interface DateParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

/** The two ways replies write instants: "Tue 24 Nov 2026, 09:00" parts, and 'YYYY-MM-DD' (en-CA writes dates that way). */
const FORMATS = {
  dateTime: ['en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }],
  isoDay: ['en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }],
} as const satisfies Record<string, readonly [string, Intl.DateTimeFormatOptions]>;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** One formatter per format and zone (null for a zone Intl does not know): building one costs more than using it many times. */
function formatterFor(tz: string, format: keyof typeof FORMATS = 'dateTime'): Intl.DateTimeFormat | null {
  const key = `${format}|${tz}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    const [locale, options] = FORMATS[format];
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: tz });
    } catch {
      formatter = null; // not a zone Intl knows
    }
    if (formatters.size < 1000) formatters.set(key, formatter);
  }
  return formatter;
}

/** 'YYYY-MM-DD', the day an instant falls on in the zone; undefined for a zone Intl does not know. */
export function isoDayIn(instant: Date, tz: string): string | undefined {
  return formatterFor(tz, 'isoDay')?.format(instant);
}

/** An instant (a Date, or text Date can read) in the zone. */
function partsOf(value: Date | string, tz: string): DateParts | undefined {
  const date = typeof value === 'string' ? new Date(value) : value;
  const formatter = formatterFor(tz);
  if (!formatter || Number.isNaN(date.getTime())) return undefined;
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  return {
    weekday: parts.weekday!, day: parts.day!, month: parts.month!, year: parts.year!.padStart(4, '0'), hour: parts.hour!, minute: parts.minute!,
  };
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A calendar date needs no zone, nor Intl (a formatToParts call per date): its own day in UTC,
 * in the English names the dateTime format writes. Undefined for a day that does not exist (31 Feb).
 */
function calendarDay(iso: string): DateParts | undefined {
  const date = utcCalendarDate(iso);
  return date && {
    weekday: WEEKDAY_NAMES[date.getUTCDay()]!, day: String(date.getUTCDate()), month: MONTH_NAMES[date.getUTCMonth()]!, year: iso.slice(0, 4), hour: '00', minute: '00',
  };
}

/** "in 3 hours", "2 days ago": for SLA and due dates, relative to the command's clock. */
export function formatRelative(value: Date | null | undefined, now: Date): string {
  if (!value) return '—';
  return DateTime.fromJSDate(value).toRelative({ base: DateTime.fromJSDate(now) }) ?? '—';
}

/** "1 Nov – 30 Nov 2026", "1 Dec 2025 – 31 Jan 2026". */
export function formatPeriod(period: { start: string; end: string } | undefined): string {
  if (!period) return 'all time';
  const start = calendarDay(period.start);
  const end = calendarDay(period.end);
  if (!start || !end) return `${period.start} – ${period.end}`;
  const endText = `${end.day} ${end.month} ${end.year}`;
  return start.year === end.year ? `${start.day} ${start.month} – ${endText}` : `${start.day} ${start.month} ${start.year} – ${endText}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
