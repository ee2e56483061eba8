import type { VegaLiteSpec } from './render-chart.js';

/**
 * What a report view asks to have drawn: the spec, plus the words that stand in for the image
 * where it cannot be seen (alt text for screen readers and plain-text fallbacks, a title for the
 * terminal's "[chart] title: path" line and Slack's file title).
 */
export interface ChartRequest {
  spec: VegaLiteSpec;
  title: string;
  alt: string;
}

/** Fewer points than this and a chart says nothing the headline does not: the views skip it. */
export const MIN_CHART_POINTS = 2;

/**
 * Money strings from SQL as plot positions. A chart only needs the bar's length, so the float
 * is fine here; labels and tables keep the exact strings.
 */
export const plotNumber = (amount: string | null | undefined): number => (amount ? Number(amount) : 0);

/** Compact label for an amount on a bar: 1234 → "1.2k", 1234567 → "1.23M" (vega's SI "~s" style, done here for exact control). */
export function compactAmount(value: number): string {
  const abs = Math.abs(value);
  const [div, unit] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const scaled = value / div;
  const digits = Math.abs(scaled) >= 100 || unit === '' ? 0 : Math.abs(scaled) >= 10 ? 1 : 2;
  return `${Number(scaled.toFixed(digits)).toLocaleString('en-US')}${unit}`;
}

const symbols = new Map<string, string>();

/** "$", "€", "CHF": the currency's narrow symbol, for labels on bars (axes name the code). */
export function currencySymbol(currency: string): string {
  let symbol = symbols.get(currency);
  if (symbol !== undefined) return symbol;
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    symbol = parts.find((p) => p.type === 'currency')?.value ?? `${currency} `;
  } catch {
    symbol = `${currency} `;
  }
  if (symbols.size < 500) symbols.set(currency, symbol);
  return symbol;
}

/** "$1.2k", "€950": a bar label for an amount. */
export const moneyLabel = (value: number, currency: string): string =>
  `${value < 0 ? '-' : ''}${currencySymbol(currency)}${compactAmount(Math.abs(value))}`;
