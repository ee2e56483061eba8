/** The reference instant and zone every date rule resolves against (luxon, so DST is right). */
import { DateTime, IANAZone, type Zone } from 'luxon';

export interface TimeContext {
  /** The reference instant, in the user's zone. */
  now: DateTime;
  /** Midnight of the user's current day, in the user's zone. */
  today: DateTime;
  /**
   * The user's current date as a UTC midnight: for calendar arithmetic on dates alone (report
   * periods). A UTC day has no DST to look up, so each step skips the zone's Intl offset lookup
   * (a few µs instead of 10–50).
   */
  calendarToday: DateTime;
}

// Validating a zone builds an Intl.DateTimeFormat, which dominated the parse time: cache it.
const zones = new Map<string, Zone | null>();

function zoneOf(tz: string): Zone | null {
  let z = zones.get(tz);
  if (z === undefined) {
    z = typeof tz === 'string' && tz.length > 0 && tz.length < 100 && IANAZone.isValidZone(tz) ? IANAZone.create(tz) : null;
    if (zones.size < 1000) zones.set(tz, z);
  }
  return z;
}

export function isValidZone(tz: string): boolean {
  return zoneOf(tz) !== null;
}

export function makeTimeContext(now: Date, tz: string): TimeContext {
  const zone = zoneOf(tz) ?? 'UTC';
  const base = now instanceof Date && !Number.isNaN(now.getTime()) ? now : new Date();
  // Built on first use: most messages ("who is Acme") never read a date, and a zoned DateTime
  // costs an Intl call to find the zone's offset.
  let at: DateTime | undefined;
  let today: DateTime | undefined;
  let calendarToday: DateTime | undefined;
  return {
    get now() {
      return (at ??= DateTime.fromJSDate(base, { zone }));
    },
    get today() {
      return (today ??= this.now.startOf('day'));
    },
    get calendarToday() {
      return (calendarToday ??= DateTime.utc(this.now.year, this.now.month, this.now.day));
    },
  };
}

export function isoDay(d: DateTime): string {
  return d.toFormat('yyyy-MM-dd');
}

export function isoDateTime(d: DateTime): string {
  return d.startOf('second').toISO({ suppressMilliseconds: true }) ?? isoDay(d);
}

export const WEEKDAYS: Readonly<Record<string, number>> = {
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4,
  thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6,
  jun: 6, july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
};

export const WD_FULL = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
export const WD_ANY = `${WD_FULL}|tues|thurs|thur|thu|tue|fri|mon|wed|sat|sun`;
export const MONTH_RE =
  'january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

/** "this Tuesday"/"Tuesday": the next such day strictly after today. */
export function upcomingWeekday(today: DateTime, wd: number): DateTime {
  const delta = (wd - today.weekday + 7) % 7 || 7;
  return today.plus({ days: delta });
}

/** "next Tuesday": the Tuesday of next (Monday-based) week. */
export function nextWeekWeekday(today: DateTime, wd: number): DateTime {
  return today.startOf('week').plus({ weeks: 1, days: wd - 1 });
}
