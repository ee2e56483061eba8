/**
 * Single dates ("follow up Thursday", "tomorrow at 3pm", "in 5 days", "Dec 20", "end of quarter").
 * Relative phrases follow intents.md exactly and are resolved with luxon in the user's zone;
 * chrono is only asked for calendar fields of absolute dates ("Dec 20", "12/20", "2026-12-20").
 */
import * as chrono from 'chrono-node';
import type { DateTime } from 'luxon';
import { NUMBER_WORD_RE, readCount } from './lexicon.js';
import {
  MONTH_RE, WD_ANY, WD_FULL, WEEKDAYS, isoDateTime, isoDay, nextWeekWeekday, upcomingWeekday,
  type TimeContext,
} from './time-context.js';

export interface DateHit {
  /** "YYYY-MM-DD", or a date-time with offset when a time (or a span under a day) was stated. */
  value: string;
  start: number;
  end: number;
}

interface Span {
  start: number;
  end: number;
}
interface DayHit extends Span {
  day: DateTime;
  /** Set for "in 30 minutes": an instant, not a calendar day. */
  exact?: boolean;
}
interface TimeHit extends Span {
  hour: number;
  minute: number;
}

type DayRule = readonly [RegExp, (m: RegExpExecArray, c: TimeContext) => DateTime | { dt: DateTime; exact: boolean } | null];

const N = `\\d{1,3}|${NUMBER_WORD_RE}|a couple of|a couple|a few`;
const UNIT = 'business days?|working days?|minutes?|hours?|days?|weeks?|months?|years?';

function wd(name: string | undefined): number {
  return WEEKDAYS[(name ?? '').toLowerCase()] ?? 1;
}

function addUnits(c: TimeContext, n: number, unit: string): { dt: DateTime; exact: boolean } {
  const u = unit.toLowerCase();
  if (u.startsWith('minute')) return { dt: c.now.plus({ minutes: n }).startOf('minute'), exact: true };
  if (u.startsWith('hour')) return { dt: c.now.plus({ hours: n }).startOf('minute'), exact: true };
  if (u.startsWith('business') || u.startsWith('working')) {
    let d = c.today;
    for (let left = n; left > 0; ) {
      d = d.plus({ days: 1 });
      if (d.weekday <= 5) left--;
    }
    return { dt: d, exact: false };
  }
  const key = u.startsWith('day') ? 'days' : u.startsWith('week') ? 'weeks' : u.startsWith('month') ? 'months' : 'years';
  return { dt: c.today.plus({ [key]: n }), exact: false };
}

function endOf(c: TimeContext, unit: string, next: boolean): DateTime {
  const u = unit.toLowerCase() as 'week' | 'month' | 'quarter' | 'year';
  const base = next ? c.today.plus({ [`${u}s`]: 1 }) : c.today;
  // Business usage: "end of week" means Friday, not Sunday.
  if (u === 'week') return base.startOf('week').plus({ days: 4 });
  return base.endOf(u).startOf('day');
}

// "Monday morning": the part of the day belongs to the date, not to the text around it.
const PART_OF_DAY = '(?:\\s+(?:morning|afternoon|evening|night))?';

const EOX: Readonly<Record<string, string>> = { w: 'week', m: 'month', q: 'quarter', y: 'year' };

// Order matters: earlier rules win when spans overlap at the same start.
const DAY_RULES: DayRule[] = [
  [new RegExp(`\\bnext\\s+week(?:'s)?\\s+(?:on\\s+)?(${WD_ANY})\\b`, 'gi'), (m, c) => nextWeekWeekday(c.today, wd(m[1]))],
  [new RegExp(`\\b(${WD_ANY})\\s+(?:of\\s+)?next\\s+week\\b`, 'gi'), (m, c) => nextWeekWeekday(c.today, wd(m[1]))],
  [new RegExp(`\\b(?:on\\s+)?(${WD_ANY})\\s+after\\s+next\\b`, 'gi'), (m, c) => nextWeekWeekday(c.today, wd(m[1])).plus({ weeks: 1 })],
  [/\b(?:the\s+)?day\s+after\s+tomorrow\b/gi, (_m, c) => c.today.plus({ days: 2 })],
  [/\btomorrow(?:\s+(?:morning|afternoon|evening|night))?\b/gi, (_m, c) => c.today.plus({ days: 1 })],
  // "on the 5th": the next 5th of a month after today.
  [/\b(?:on\s+)?the\s+([1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/gi, (m, c) => {
    const day = Number(m[1]);
    for (let k = 0; k < 3; k++) {
      const d = c.today.plus({ months: k }).set({ day });
      if (d.day === day && d > c.today) return d;
    }
    return null;
  }],
  [/\b(?:today|tonight|eod|cob|end\s+of\s+(?:the\s+)?day|close\s+of\s+business|this\s+(?:morning|afternoon|evening))\b/gi, (_m, c) => c.today],
  [/\byesterday\b/gi, (_m, c) => c.today.minus({ days: 1 })],
  [new RegExp(`\\bnext\\s+(${WD_ANY})\\b${PART_OF_DAY}`, 'gi'), (m, c) => nextWeekWeekday(c.today, wd(m[1]))],
  [new RegExp(`\\blast\\s+(${WD_ANY})\\b`, 'gi'), (m, c) => upcomingWeekday(c.today, wd(m[1])).minus({ weeks: 1 })],
  [new RegExp(`\\b(?:this|coming|this coming|on|by|until|till|before)\\s+(${WD_ANY})\\b${PART_OF_DAY}`, 'gi'), (m, c) => upcomingWeekday(c.today, wd(m[1]))],
  // Bare abbreviations like "sat"/"sun"/"wed"/"mon" are ordinary words, so bare weekdays must be full.
  [new RegExp(`\\b(${WD_FULL}|tue|thu|fri)\\b${PART_OF_DAY}`, 'gi'), (m, c) => upcomingWeekday(c.today, wd(m[1]))],
  [new RegExp(`\\b(?:in|within|after)\\s+(${N})\\s+(${UNIT})\\b`, 'gi'), (m, c) => addUnits(c, readCount(m[1] ?? '1') ?? 1, m[2]!)],
  [new RegExp(`\\b(${N})\\s+(${UNIT})\\s+from\\s+(?:now|today)\\b`, 'gi'), (m, c) => addUnits(c, readCount(m[1]!) ?? 1, m[2]!)],
  [/\bin\s+half\s+an\s+hour\b/gi, (_m, c) => ({ dt: c.now.plus({ minutes: 30 }).startOf('minute'), exact: true })],
  [/\b(?:by\s+)?(?:the\s+)?end\s+of\s+next\s+(week|month|quarter|year)\b/gi, (m, c) => endOf(c, m[1]!, true)],
  [/\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|quarter|year)\b/gi, (m, c) => endOf(c, m[1]!, false)],
  [/\b(?:by\s+)?(?:the\s+)?(week|month|quarter|year)[-\s]end\b/gi, (m, c) => endOf(c, m[1]!, false)],
  [/\beo([wmqy])\b/gi, (m, c) => endOf(c, EOX[m[1]!.toLowerCase()]!, false)],
  [/\b(?:the\s+)?(?:beginning|start)\s+of\s+(?:the\s+)?(?:next\s+)?(week|month|quarter|year)\b/gi,
    (m, c) => c.today.plus({ [`${m[1]!.toLowerCase()}s`]: 1 }).startOf(m[1]!.toLowerCase() as 'week')],
  [/\b(?:early\s+|later\s+)?(?:next|the\s+following)\s+(week|month|quarter|year)\b/gi,
    (m, c) => c.today.plus({ [`${m[1]!.toLowerCase()}s`]: 1 }).startOf(m[1]!.toLowerCase() as 'week')],
];

const ABSOLUTE_HINT = new RegExp(`\\b(?:${MONTH_RE})\\b|\\d{1,4}[/.-]\\d{1,2}`, 'i');

/** chrono gives calendar fields only; the year is inferred forward (the next such date from today). */
function absoluteDays(s: string, c: TimeContext): Array<DayHit & { time?: TimeHit }> {
  if (!ABSOLUTE_HINT.test(s)) return [];
  const out: Array<DayHit & { time?: TimeHit }> = [];
  let results: chrono.ParsedResult[] = [];
  try {
    results = chrono.strict.parse(s, { instant: c.now.toJSDate() });
  } catch {
    return [];
  }
  for (const r of results) {
    const month = r.start.get('month');
    const day = r.start.get('day');
    if (!r.start.isCertain('month') || !r.start.isCertain('day') || !month || !day) continue;
    let year = r.start.isCertain('year') ? r.start.get('year') ?? c.today.year : c.today.year;
    let dt = c.today.set({ year, month, day });
    if (!dt.isValid || dt.month !== month) continue;
    if (!r.start.isCertain('year') && dt < c.today) {
      year += 1;
      dt = dt.set({ year });
    }
    const hit: DayHit & { time?: TimeHit } = { start: r.index, end: r.index + r.text.length, day: dt };
    if (r.start.isCertain('hour')) {
      const h = r.start.get('hour') ?? 12;
      const meridiem = r.start.isCertain('meridiem');
      hit.time = { start: hit.start, end: hit.end, hour: meridiem ? h : businessHour(h), minute: r.start.get('minute') ?? 0 };
    }
    out.push(hit);
  }
  return out;
}

/** "at 3" in a CRM means 3 pm; "at 9" means 9 am. */
function businessHour(h: number): number {
  return h >= 1 && h <= 7 ? h + 12 : h;
}

const TIME_RULES: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => [number, number] | null]> = [
  [/\b(?:at\s+|@\s*|by\s+|around\s+|before\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?(?![a-z])/gi, (m) => {
    const h = Number(m[1]) % 12 + (m[3]!.toLowerCase() === 'p' ? 12 : 0);
    return Number(m[1]) > 12 ? null : [h, Number(m[2] ?? 0)];
  }],
  [/\b(?:at\s+|@\s*|by\s+|around\s+)?([01]?\d|2[0-3]):([0-5]\d)\b/gi, (m) => [Number(m[1]), Number(m[2])]],
  [/\b(?:at|around|by)\s+(noon|midday)\b|\b(noon|midday)\b/gi, () => [12, 0]],
  [/\b(?:at|@|around)\s+(\d{1,2})(?:\s*o'?clock)?\b(?!\s*(?:[\d%.,/x]|k\b|seats|licen|users|units|percent|people|of\b))/gi, (m) => {
    const h = Number(m[1]);
    return h >= 1 && h <= 23 ? [businessHour(h), 0] : null;
  }],
];

function overlaps(a: Span, list: Span[]): boolean {
  return list.some((b) => a.start < b.end && b.start < a.end);
}

function collectDays(s: string, c: TimeContext): Array<DayHit & { time?: TimeHit }> {
  const hits: Array<DayHit & { time?: TimeHit }> = [];
  for (const h of absoluteDays(s, c)) hits.push(h);
  for (const [re, fn] of DAY_RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (overlaps(span, hits)) continue;
      const r = fn(m, c);
      if (!r) continue;
      const { dt, exact } = 'dt' in r ? r : { dt: r, exact: false };
      if (dt.isValid) hits.push({ ...span, day: dt, exact });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

function collectTimes(s: string, taken: Span[]): TimeHit[] {
  const out: TimeHit[] = [];
  for (const [re, fn] of TIME_RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (overlaps(span, taken) || overlaps(span, out)) continue;
      const hm = fn(m);
      if (hm) out.push({ ...span, hour: hm[0], minute: hm[1] });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Every date expression in `s`, each with the span it covers so callers can cut it out of a
 * summary. A time next to a day ("tomorrow at 3pm", "at 3pm on Friday") joins that day.
 */
export function findDates(s: string, c: TimeContext): DateHit[] {
  const days = collectDays(s, c);
  const times = collectTimes(s, days);
  const used = new Set<TimeHit>();
  const out: DateHit[] = [];
  for (const d of days) {
    if (d.exact) {
      out.push({ value: isoDateTime(d.day), start: d.start, end: d.end });
      continue;
    }
    const t = d.time ?? times.find((x) => !used.has(x) && (near(d, x, s)));
    if (t) {
      used.add(t);
      // "tonight at 8", "this evening at 6:30": an hour without am/pm is in the evening.
      const evening = /\b(?:tonight|evening|afternoon)\b/i.test(s.slice(d.start, d.end)) && t.hour < 12 && !/[ap]\.?m/i.test(s.slice(t.start, t.end));
      const dt = d.day.set({ hour: evening ? t.hour + 12 : t.hour, minute: t.minute, second: 0, millisecond: 0 });
      out.push({ value: isoDateTime(dt), start: Math.min(d.start, t.start), end: Math.max(d.end, t.end) });
    } else out.push({ value: isoDay(d.day), start: d.start, end: d.end });
  }
  for (const t of times) {
    if (used.has(t)) continue;
    // A bare time is today, or tomorrow once that time has passed.
    let dt = c.today.set({ hour: t.hour, minute: t.minute });
    if (dt <= c.now) dt = dt.plus({ days: 1 });
    out.push({ value: isoDateTime(dt), start: t.start, end: t.end });
  }
  // Cut the preposition with the date so summaries do not end in a dangling "on"/"by".
  for (const h of out) {
    const prep = /\b(?:(?:on|by|at|before|until|till|due|for|from|starting|every|each|no\s+later\s+than)\s+(?:the\s+)?|the\s+)$/i.exec(s.slice(0, h.start));
    if (prep) h.start = prep.index;
  }
  return out.sort((a, b) => a.start - b.start);
}

function near(a: Span, b: Span, s: string): boolean {
  const gap = a.end <= b.start ? s.slice(a.end, b.start) : s.slice(b.end, a.start);
  return /^[\s,]*(?:at|on|@|by|around)?[\s,]*$/i.test(gap);
}

export function findDate(s: string, c: TimeContext): DateHit | null {
  return findDates(s, c)[0] ?? null;
}
