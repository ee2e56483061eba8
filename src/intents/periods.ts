/**
 * Report periods: whole calendar units ("this quarter", "Q3 2025", "October", "2025"), rolling
 * windows ("last 30 days" = 30 days ending today, today included) and to-date spans ("YTD").
 * Weeks start on Monday (luxon's ISO weeks). Both ends are inclusive dates in the user's zone.
 * Only "today" needs the zone: the arithmetic from there is on calendar dates
 * (TimeContext.calendarToday, UTC), which is why none of it can land on a DST gap.
 */
import * as chrono from 'chrono-node';
import type { DateTime } from 'luxon';
import { NUMBER_WORD_RE, readCount } from './lexicon.js';
import { MONTHS, MONTH_RE, isoDay, type TimeContext } from './time-context.js';

export interface PeriodHit {
  period: { start: string; end: string };
  start: number;
  end: number;
}

type Unit = 'week' | 'month' | 'quarter' | 'year';
type Range = [DateTime, DateTime];
type PeriodRule = readonly [RegExp, (m: RegExpExecArray, c: TimeContext) => Range | null];

function unitOf(word: string): Unit {
  const w = word.toLowerCase();
  if (w.startsWith('w')) return 'week';
  if (w.startsWith('m')) return 'month';
  if (w.startsWith('q')) return 'quarter';
  return 'year';
}

function whole(d: DateTime, unit: Unit): Range {
  return [d.startOf(unit), d.endOf(unit).startOf('day')];
}

function quarter(year: number, q: number, c: TimeContext): Range {
  const d = c.calendarToday.set({ year, month: (q - 1) * 3 + 1, day: 1 });
  return whole(d, 'quarter');
}

function yearOf(text: string | undefined, c: TimeContext): number {
  if (!text) return c.calendarToday.year;
  const n = Number(text.replace(/\D/g, ''));
  return text.replace(/\D/g, '').length === 2 ? 2000 + n : n;
}

const ORDINAL: Readonly<Record<string, number>> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 4 };
const N = `\\d{1,3}|${NUMBER_WORD_RE}`;
const YEAR = `(?:fy\\s?)?'?(\\d{4}|\\d{2})`;

/** Calendar fields of an absolute date ("Oct 1", "10/01/2025"), this year unless stated. */
function absolute(text: string, c: TimeContext): DateTime | null {
  let r: chrono.ParsedResult | undefined;
  try {
    r = chrono.strict.parse(text, { instant: c.now.toJSDate() })[0];
  } catch {
    return null;
  }
  const month = r?.start.get('month');
  const day = r?.start.get('day');
  if (!r || !month || !day || !r.start.isCertain('month')) return null;
  const year = r.start.isCertain('year') ? r.start.get('year') ?? c.calendarToday.year : c.calendarToday.year;
  const d = c.calendarToday.set({ year, month, day });
  return d.isValid && d.month === month ? d : null;
}

const RULES: PeriodRule[] = [
  // Explicit ranges: "from Oct 1 to Oct 15", "between 2025-01-01 and 2025-03-31".
  [/\b(?:from|between)\s+(.{3,30}?)\s+(?:to|and|until|till|through|thru|-)\s+(.{3,30}?)(?=$|[,.;?!]|\s+(?:by|per|for|in)\b)/gi, (m, c) => {
    const a = absolute(m[1]!, c);
    const b = absolute(m[2]!, c);
    return a && b && a <= b ? [a, b] : null;
  }],
  // Whole months: "from jan to march", "Sept through November 2025".
  [new RegExp(`\\b(?:(?:from|between)\\s+)?(${MONTH_RE}|may)\\s+(?:to|through|thru|until|till|and|-)\\s+(${MONTH_RE}|may)\\b(?!\\s+\\d{1,2}\\b)(?:\\s+(\\d{4}))?`, 'gi'), (m, c) => {
    const a = MONTHS[m[1]!.toLowerCase()];
    const b = MONTHS[m[2]!.toLowerCase()];
    if (!a || !b || a > b) return null;
    const year = m[3] ? Number(m[3]) : c.calendarToday.year;
    const start = c.calendarToday.set({ year, month: a, day: 1 });
    return [start, c.calendarToday.set({ year, month: b, day: 1 }).endOf('month').startOf('day')];
  }],
  // "since October", "since Oct 15", "since last month": from then until today.
  [new RegExp(`\\bsince\\s+(?:the\\s+)?(?:(${MONTH_RE}|may)\\b(?!\\s+\\d)|(.{3,20}?))(?=$|[,.;?!]|\\s+(?:by|per|for|in)\\b)`, 'gi'), (m, c) => {
    if (m[1]) {
      const month = MONTHS[m[1].toLowerCase()]!;
      const start = c.calendarToday.set({ month, day: 1 });
      return [start > c.calendarToday ? start.minus({ years: 1 }) : start, c.calendarToday];
    }
    const rel = /^(?:last|this)\s+(week|month|quarter|year)$/i.exec(m[2]!.trim());
    if (rel) {
      const unit = unitOf(rel[1]!);
      const start = /^last/i.test(m[2]!.trim()) ? c.calendarToday.minus({ [`${unit}s`]: 1 }).startOf(unit) : c.calendarToday.startOf(unit);
      return [start, c.calendarToday];
    }
    const a = absolute(m[2]!, c);
    return a && a <= c.calendarToday ? [a, c.calendarToday] : null;
  }],
  // Rolling windows ending today: "last 30 days", "past 2 weeks", "trailing 3 months".
  [new RegExp(`\\b(?:in\\s+)?(?:the\\s+)?(?:last|past|previous|trailing|prior)\\s+(${N})\\s+(days?|weeks?|months?|years?)\\b`, 'gi'), (m, c) => {
    const n = readCount(m[1]!) ?? 1;
    const unit = unitOf(m[2]!);
    if (unit === 'week') return [c.calendarToday.minus({ days: 7 * n - 1 }), c.calendarToday];
    if (m[2]!.toLowerCase().startsWith('d')) return [c.calendarToday.minus({ days: n - 1 }), c.calendarToday];
    return [c.calendarToday.minus({ [`${unit}s`]: n }).plus({ days: 1 }), c.calendarToday];
  }],
  [new RegExp(`\\b(?:in\\s+|for\\s+|during\\s+)?q([1-4])(?:\\s*(?:of\\s+|,\\s*|-\\s*)?${YEAR})?\\b`, 'gi'), (m, c) => quarter(yearOf(m[2], c), Number(m[1]), c)],
  // "Q1 next year", "Q4 last year": the quarter of the year named relatively.
  [/\b(?:in\s+|for\s+|during\s+)?q([1-4])\s+(?:of\s+)?(next|last|this)\s+year\b/gi, (m, c) => quarter(c.calendarToday.year + ({ next: 1, last: -1 }[m[2]!.toLowerCase()] ?? 0), Number(m[1]), c)],
  [/\b(\d{4})\s*[-/ ]?\s*q([1-4])\b/gi, (m, c) => quarter(Number(m[1]), Number(m[2]), c)],
  [new RegExp(`\\b(?:in\\s+|for\\s+|during\\s+)?(?:the\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter(?:\\s+(?:of\\s+)?${YEAR})?\\b`, 'gi'),
    (m, c) => quarter(yearOf(m[2], c), ORDINAL[m[1]!.toLowerCase()] ?? 1, c)],
  [new RegExp(`\\b(?:in\\s+|for\\s+|during\\s+)?h([12])(?:\\s+${YEAR})?\\b`, 'gi'), (m, c) => half(yearOf(m[2], c), Number(m[1]), c)],
  [new RegExp(`\\b(?:in\\s+|for\\s+|during\\s+)?(?:the\\s+)?(first|second)\\s+half(?:\\s+(?:of\\s+)?(?:the\\s+year\\s+)?${YEAR})?\\b`, 'gi'),
    (m, c) => half(yearOf(m[2], c), m[1]!.toLowerCase() === 'first' ? 1 : 2, c)],
  [/\b(?:ytd|year[\s-]to[\s-]date|so\s+far\s+this\s+year|this\s+year\s+so\s+far)\b/gi, (_m, c) => [c.calendarToday.startOf('year'), c.calendarToday]],
  [/\b(?:qtd|quarter[\s-]to[\s-]date|so\s+far\s+this\s+quarter)\b/gi, (_m, c) => [c.calendarToday.startOf('quarter'), c.calendarToday]],
  [/\b(?:mtd|month[\s-]to[\s-]date|so\s+far\s+this\s+month)\b/gi, (_m, c) => [c.calendarToday.startOf('month'), c.calendarToday]],
  [/\b(?:wtd|week[\s-]to[\s-]date|so\s+far\s+this\s+week)\b/gi, (_m, c) => [c.calendarToday.startOf('week'), c.calendarToday]],
  [/\b(?:for\s+|in\s+|during\s+|over\s+)?(?:the\s+)?(this|current|last|previous|prior|past|next)\s+(week|month|quarter|qtr|year|yr)\b/gi, (m, c) => {
    const unit = unitOf(m[2]!);
    const rel = m[1]!.toLowerCase();
    const shift = rel === 'this' || rel === 'current' ? 0 : rel === 'next' ? 1 : -1;
    return whole(c.calendarToday.plus({ [`${unit}s`]: shift }), unit);
  }],
  [/\b(?:this|current)\s+(weekly|monthly|quarterly)\b/gi, () => null],
  [new RegExp(`\\b(?:(?:in|for|during|of|since)\\s+)?(last\\s+|this\\s+)?(${MONTH_RE}|may)\\b\\.?(?:\\s+(?:of\\s+)?(\\d{4}))?`, 'gi'), (m, c) => {
    const name = m[2]!.toLowerCase();
    // "may" alone is a verb far more often than a month.
    if (name === 'may' && !m[3] && !/^(in|for|during|of|since|last|this)\b/i.test(m[0])) return null;
    const month = MONTHS[name];
    if (!month) return null;
    let year = m[3] ? Number(m[3]) : c.calendarToday.year;
    if (!m[3] && m[1]?.trim().toLowerCase() === 'last' && month >= c.calendarToday.month) year -= 1;
    return whole(c.calendarToday.set({ year, month, day: 1 }), 'month');
  }],
  [/\b(?:(?:in|for|during|of|year)\s+)?((?:19|20)\d{2})\b(?![-/.]\d)/gi, (m, c) => whole(c.calendarToday.set({ year: Number(m[1]), month: 1, day: 1 }), 'year')],
  [/\btoday\b/gi, (_m, c) => [c.calendarToday, c.calendarToday]],
  [/\byesterday\b/gi, (_m, c) => [c.calendarToday.minus({ days: 1 }), c.calendarToday.minus({ days: 1 })]],
];

function half(year: number, h: number, c: TimeContext): Range {
  const startMonth = h === 1 ? 1 : 7;
  const s = c.calendarToday.set({ year, month: startMonth, day: 1 });
  return [s, s.plus({ months: 6 }).minus({ days: 1 })];
}

/** The first period expression in `s` (the longest one where several overlap), or null. */
export function findPeriod(s: string, c: TimeContext): PeriodHit | null {
  const hits: PeriodHit[] = [];
  for (const [re, fn] of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const r = fn(m, c);
      if (!r || !r[0].isValid || !r[1].isValid) continue;
      hits.push({ period: { start: isoDay(r[0]), end: isoDay(r[1]) }, start: m.index, end: m.index + m[0].length });
    }
  }
  const kept = hits.filter(
    (h) => !hits.some((o) => o !== h && o.start < h.end && h.start < o.end && o.end - o.start > h.end - h.start),
  );
  kept.sort((a, b) => a.start - b.start);
  return kept[0] ?? null;
}
