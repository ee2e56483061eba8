import { formatMoney, type MoneyString } from '../../crm/money.js';
import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { context, header, reply, text, type Block, type Reply, type TableColumn } from '../../reply/reply.js';
import { formatPeriod, isoDayIn } from '../common/format.js';

// Shared cell and sentence formatting for the report views, so every report reads the same way:
// money through formatMoney on exact strings, percents as the SQL rounded them, arrows for change.

/** Longest table a chat channel reads comfortably; longer ones say how many rows were left out. */
export const MAX_TABLE_ROWS = 25;

/** Who a report is scoped to: `name` is shown, `id` filters the query. */
export interface ReportOwner {
  id: number;
  name: string;
}

export interface ReportScope {
  timeZone: string;
  now: Date;
  owner?: ReportOwner;
  limit?: number;
  groupBy?: 'owner' | 'month' | 'segment' | 'stage' | 'cluster';
  /** false = no chart image (the CLI without --png, a destination that cannot show one); charts are drawn by default. */
  charts?: boolean;
}

const COUNT = new Intl.NumberFormat('en-US');

export const countCell = (n: number): string => COUNT.format(n);

export const moneyCell = (amount: MoneyString | null | undefined, currency: string): string => formatMoney(amount, currency);

/** '44.5' → '44.5%'; null (nothing to divide by) → '—'. */
export const percentCell = (pct: string | null | undefined): string => (pct === null || pct === undefined ? '—' : `${pct}%`);

/** '12.4' → '▲ 12.4%', '-3.0' → '▼ 3.0%', null (no previous figure) → '—'. */
export function changeCell(pct: string | null | undefined): string {
  if (pct === null || pct === undefined) return '—';
  const sign = Math.sign(Number(pct));
  if (sign === 0) return '0.0%';
  return sign > 0 ? `▲ ${pct.replace(/^\+/, '')}%` : `▼ ${pct.replace(/^-/, '')}%`;
}

/** The headline's comparison in words: "up 12.4% on the previous period". */
export function changeWords(pct: string | null | undefined, against = 'the previous period'): string {
  if (pct === null || pct === undefined) return `nothing in ${against} to compare with`;
  const sign = Math.sign(Number(pct));
  if (sign === 0) return `level with ${against}`;
  return sign > 0 ? `up ${pct.replace(/^\+/, '')}% on ${against}` : `down ${pct.replace(/^-/, '')}% on ${against}`;
}

/** Percent change of two counts, one decimal ('12.5', '-3.0'); null when there was nothing before. */
export function countChangePct(current: number, previous: number): string | null {
  if (previous === 0) return null;
  // Counts are small integers, so tenths of a percent computed in integers are exact.
  const tenths = Math.round((1000 * (current - previous)) / previous);
  return (tenths / 10).toFixed(1);
}

/** "Revenue · 1 Nov – 30 Nov 2026" or "Revenue · Sarah Chen · 1 Nov – 30 Nov 2026". */
export function reportTitle(name: string, period: ReportPeriod | undefined, owner?: ReportOwner, whenNoPeriod = 'all time'): string {
  return [name, owner?.name, period ? formatPeriod(period) : whenNoPeriod].filter(Boolean).join(' · ');
}

/** "New York time" for America/New_York: how people name their zone in a sentence. */
export function zoneName(timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const city = timeZone.split('/').pop() ?? timeZone;
  return `${city.replace(/_/g, ' ')} time`;
}

/** The first MAX_TABLE_ROWS rows and a note on the rest, so a long table never floods a channel. */
export function capRows<T>(rows: readonly T[], what: string, max = MAX_TABLE_ROWS): { shown: T[]; note?: string } {
  if (rows.length <= max) return { shown: [...rows] };
  return { shown: rows.slice(0, max), note: `Showing the first ${max} of ${rows.length} ${what}; ${rows.length - max} left out.` };
}

/** A report with nothing in it: the title and one friendly sentence instead of an empty table. */
export function emptyReport(title: string, sentence: string, note?: string): Reply {
  const blocks: Block[] = [header(title), text(sentence, 'muted')];
  if (note) blocks.push(context(note));
  return reply(...blocks);
}

export const right = (key: string, label: string): TableColumn => ({ key, label, align: 'right' });
export const left = (key: string, label: string): TableColumn => ({ key, label });

/** Context line parts joined the same way everywhere. */
export const contextLine = (...parts: Array<string | false | null | undefined>): Block =>
  context(parts.filter((p): p is string => Boolean(p)).join(' · '));

/** Adds exact two-decimal money strings in BigInt cents: a total of listed rows, never through a float. */
export function addMoney(amounts: readonly MoneyString[]): MoneyString {
  const cents = amounts.reduce((sum, amount) => {
    const negative = amount.startsWith('-');
    const [whole, fraction = ''] = amount.replace(/^-/, '').split('.');
    const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
    return sum + (negative ? -value : value);
  }, 0n);
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** True for '0', '0.00', '-0.00': a money string with nothing in it. */
export const isZeroMoney = (amount: MoneyString): boolean => /^-?0*(\.0*)?$/.test(amount);

/** "1,358 orders", "1 order": plural() with a thousands separator, for headline counts. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${countCell(n)} ${n === 1 ? one : many}`;

/** True while the period has not ended in the user's zone ("this month" asked on the 18th). */
export function isRunning(period: ReportPeriod, now: Date, timeZone: string): boolean {
  const today = isoDayIn(now, timeZone);
  return today !== undefined && period.end >= today && period.start <= today;
}
