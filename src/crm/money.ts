import { invalid } from '../app/errors.js';

/** Money is carried as exact decimal strings ("50000.00") end to end; arithmetic happens in SQL. */
export type MoneyString = string;

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

/** Converts a parsed amount (a number from the parser, or a decimal string) to an exact string with cents. */
export function toMoney(value: number | string): MoneyString {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim().replace(/,/g, '');
  if (!DECIMAL.test(text)) throw invalid(`"${String(value)}" is not an amount I can store (up to 12 digits, 2 decimals).`);
  const [whole, fraction = ''] = text.split('.');
  // Round half up on the decimal digits themselves: no float ever touches the value.
  if (fraction.length <= 2) return `${BigInt(whole!)}.${fraction.padEnd(2, '0')}`;
  const cents = BigInt(whole! + fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1n : 0n);
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw invalid(`"${value}" is not a valid amount.`);
  // Four decimals absorb binary noise (0.1 + 0.2, 19.99) before the exact rounding above.
  return value.toFixed(4);
}

// Building a currency formatter costs far more than using one (a report formats hundreds of amounts).
const formatters = new Map<string, Intl.NumberFormat | null>();

function currencyFormatter(currency: string): Intl.NumberFormat | null {
  let formatter = formatters.get(currency);
  if (formatter === undefined) {
    try {
      formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      formatter = null;
    }
    // Currency codes come from stored rows, a few distinct ones; the bound guards against junk.
    if (formatters.size < 500) formatters.set(currency, formatter);
  }
  return formatter;
}

/** "$1,234.50", "€3,000.00": formats the exact string, never through a float. */
export function formatMoney(amount: MoneyString | null | undefined, currency = 'USD'): string {
  if (amount === null || amount === undefined) return '—';
  const formatter = currencyFormatter(currency);
  if (!formatter) return `${amount} ${currency}`;
  try {
    return formatter.format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`;
  }
}
