import { DateTime } from 'luxon';
import { isAppError } from '../app/errors.js';
import { toMoney, type MoneyString } from '../crm/money.js';

/** Parsers for spreadsheet cells: each returns a value or a reason the row is rejected. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (reason: string): Parsed<never> => ({ ok: false, reason });

// ---- dates ---------------------------------------------------------------------------------

/** How a column writes d/m/y dates with slashes or dashes, learnt from its unambiguous values. */
export type DayOrder = 'mdy' | 'dmy' | undefined;

const NUMERIC_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?:[ T]+(.+))?$/;

export function sniffDayOrder(values: string[]): DayOrder {
  let mdy = 0;
  let dmy = 0;
  for (const v of values) {
    const m = NUMERIC_DATE.exec(v.trim());
    if (!m) continue;
    if (Number(m[1]) > 12 && Number(m[2]) <= 12) dmy++;
    if (Number(m[2]) > 12 && Number(m[1]) <= 12) mdy++;
  }
  // Mixed evidence means the column has no single convention: every ambiguous value is rejected.
  if (mdy && !dmy) return 'mdy';
  if (dmy && !mdy) return 'dmy';
  return undefined;
}

const TEXT_FORMATS = ['d MMM yyyy', 'd MMMM yyyy', 'MMM d yyyy', 'MMMM d yyyy', 'MMM d, yyyy', 'MMMM d, yyyy', 'd-MMM-yyyy', 'd MMM yy'];

/**
 * A date or date-time as an ISO instant. A date without a time is stored at 12:00 UTC: that
 * instant falls on the same calendar day in every zone from UTC-11 to UTC+11, so a report in the
 * user's zone puts the order on the day the file says. Times without an offset are read as UTC.
 */
export function parseDate(raw: string, order: DayOrder): Parsed<string> {
  const text = raw.trim().replace(/\s+/g, ' ');
  const build = (y: number, m: number, d: number, time?: string): Parsed<string> => {
    const year = y < 100 ? 2000 + y : y;
    const date = DateTime.fromObject({ year, month: m, day: d }, { zone: 'utc' });
    if (!date.isValid) return no(`date "${raw}" is not a real calendar date`);
    if (!time) return ok(date.set({ hour: 12 }).toISO()!);
    const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?$/i.exec(time.trim());
    if (!t) return no(`date "${raw}" has a time I can't read`);
    let hour = Number(t[1]);
    if (t[4]) hour = (hour % 12) + (t[4].toLowerCase() === 'pm' ? 12 : 0);
    const at = date.set({ hour, minute: Number(t[2]), second: Number(t[3] ?? 0) });
    return at.isValid && hour < 24 ? ok(at.toISO()!) : no(`date "${raw}" has a time I can't read`);
  };

  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4}-\d{2}-\d{2}[T ]\d/.test(text)) {
    const iso = DateTime.fromISO(text.replace(' ', 'T'), { zone: 'utc', setZone: true });
    return iso.isValid ? ok(iso.toUTC().toISO()!) : no(`date "${raw}" is not a valid ISO date-time`);
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?: (.+))?$/.exec(text);
  if (m) return build(Number(m[3]), Number(m[2]), Number(m[1]), m[4]);
  m = NUMERIC_DATE.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b > 12) return no(`date "${raw}" is not a real calendar date`);
    const decided: DayOrder = a > 12 ? 'dmy' : b > 12 ? 'mdy' : a === b ? 'mdy' : order;
    if (!decided) {
      return no(`date "${raw}" is ambiguous (${monthName(a)} ${b} or ${monthName(b)} ${a}?) — write it as ${m[3]!.length === 4 ? m[3] : `20${m[3]}`}-MM-DD`);
    }
    return decided === 'mdy' ? build(Number(m[3]), a, b, m[4]) : build(Number(m[3]), b, a, m[4]);
  }
  for (const format of TEXT_FORMATS) {
    const date = DateTime.fromFormat(text, format, { zone: 'utc', locale: 'en' });
    if (date.isValid) return ok(date.set({ hour: 12 }).toISO()!);
  }
  return no(`date "${raw}" is not a date I can read — use 2026-11-18, 11/18/2026 or 18.11.2026`);
}

const monthName = (m: number) => DateTime.utc(2000, m, 1).toFormat('MMMM');

// ---- amounts -------------------------------------------------------------------------------

/** Which character a column uses as the decimal point, learnt from its unambiguous values. */
export type DecimalMark = '.' | ',' | undefined;

// Longer symbols first: "US$" and "R$" must not be read as a bare "$".
const SYMBOLS: Record<string, string> = { 'US$': 'USD', 'R$': 'BRL', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '$': 'USD' };
// Regions where "1,200" means one thousand two hundred; elsewhere it is left to the file.
const DOT_DECIMAL_REGIONS = new Set(['US', 'GB', 'CA', 'AU', 'NZ', 'IE', 'IN', 'JP', 'CN', 'HK', 'SG', 'MY', 'PH', 'TH', 'KR', 'IL', 'MX', 'ZA', 'NG', 'KE']);

export const regionDecimalMark = (region: string): DecimalMark => (DOT_DECIMAL_REGIONS.has(region.toUpperCase()) ? '.' : undefined);

export function sniffDecimalMark(values: string[]): DecimalMark {
  let dot = 0;
  let comma = 0;
  for (const v of values) {
    const digits = v.replace(/[^\d.,]/g, '');
    const mark = unambiguousMark(digits);
    if (mark === '.') dot++;
    if (mark === ',') comma++;
  }
  if (dot && !comma) return '.';
  if (comma && !dot) return ',';
  return undefined;
}

/** The decimal mark a number proves on its own ("1.200,50" → ",", "12.5" → "."), if any. */
function unambiguousMark(n: string): DecimalMark {
  const last = Math.max(n.lastIndexOf('.'), n.lastIndexOf(','));
  if (last < 0) return undefined;
  const mark = n[last] as '.' | ',';
  const other = mark === '.' ? ',' : '.';
  if (n.includes(other)) return mark;
  if (n.split(mark).length > 2) return other; // "1.200.000": the repeated mark groups thousands
  // "1,200" and "1.200" could be either; "0.500" cannot be a thousands group.
  return n.length - last - 1 === 3 && last > 0 && last <= 3 && !n.startsWith('0') ? undefined : mark;
}

/** "$1,200.50", "1.200,50 €", "EUR 99" → exact decimal string and the currency the text names. */
export function parseAmount(raw: string, mark: DecimalMark): Parsed<{ amount: MoneyString; currency?: string }> {
  let text = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!text) return no('the amount is empty');
  let currency: string | undefined;
  const code = /^([A-Za-z]{3})|([A-Za-z]{3})$/.exec(text);
  if (code) {
    currency = (code[1] ?? code[2])!.toUpperCase();
    text = text.replace(code[0], '');
  }
  for (const [symbol, iso] of Object.entries(SYMBOLS)) {
    if (text.includes(symbol)) {
      currency ??= iso;
      text = text.replace(symbol, '');
    }
  }
  if (/^-|^\(.*\)$|-$/.test(text)) return no(`amount "${raw}" is negative; refunds are not imported`);
  if (!/^\d[\d.,]*$/.test(text)) return no(`amount "${raw}" is not a number I can read`);
  const decided = unambiguousMark(text) ?? mark;
  const hasSeparator = /[.,]/.test(text);
  if (hasSeparator && !decided) {
    return no(`amount "${raw}" is ambiguous (thousands or decimals?) — write it as ${text.replace(/[.,]/g, '')} or with two decimals`);
  }
  const group = decided === '.' ? ',' : '.';
  const [whole, fraction, ...rest] = text.split(decided ?? '.');
  if (rest.length || (fraction !== undefined && fraction.includes(group))) return no(`amount "${raw}" is not a number I can read`);
  if (whole!.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(whole!)) {
    return no(`amount "${raw}" has misplaced thousands separators`);
  }
  try {
    const plain = whole!.split(group).join('') + (fraction !== undefined ? `.${fraction}` : '');
    return ok(currency ? { amount: toMoney(plain), currency } : { amount: toMoney(plain) });
  } catch (error) {
    return no(isAppError(error) ? error.userMessage : `amount "${raw}" is not a number I can read`);
  }
}

export function parseCurrency(raw: string): Parsed<string> {
  const text = raw.trim();
  const iso = SYMBOLS[text] ?? text.toUpperCase();
  return /^[A-Z]{3}$/.test(iso) ? ok(iso) : no(`currency "${raw}" is not a three-letter code such as USD or EUR`);
}

export function parseQuantity(raw: string): Parsed<number> {
  const text = raw.trim().replace(/[,\s]/g, '');
  if (!text) return ok(1);
  const m = /^(\d{1,9})(?:\.0+)?$/.exec(text);
  if (!m || Number(m[1]) <= 0) return no(`quantity "${raw}" is not a whole number above zero`);
  return ok(Number(m[1]));
}
