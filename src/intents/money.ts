/**
 * Amounts: "$50k" → 50000, "1.2M" → 1200000, "4,000" → 4000, "€3,000" / "EUR 500" / "500 euros"
 * with currency. A currency is reported only when the user wrote one.
 */
export interface MoneyHit {
  amount: number;
  currency?: string;
  start: number;
  end: number;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  $: 'USD', 'us$': 'USD', 'c$': 'CAD', 'ca$': 'CAD', 'a$': 'AUD', 'au$': 'AUD', 'nz$': 'NZD',
  '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', fr: 'CHF',
};
const CODES = 'usd|eur|gbp|cad|aud|chf|jpy|inr|sek|nok|dkk|nzd|sgd|hkd|mxn|brl|zar|cny|pln|czk';
const WORDS: Readonly<Record<string, string>> = {
  dollar: 'USD', dollars: 'USD', bucks: 'USD', euro: 'EUR', euros: 'EUR', pound: 'GBP', pounds: 'GBP',
  quid: 'GBP', yen: 'JPY', rupees: 'INR', francs: 'CHF',
};
const MULT: Readonly<Record<string, number>> = {
  k: 1e3, thousand: 1e3, grand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, mil: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9,
};

const NUM = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
const SUF = '(k|mm|mn|m|bn|b|thousand|grand|million|mil|billion)';
const SYM = '(us\\$|c\\$|ca\\$|a\\$|au\\$|nz\\$|\\$|€|£|¥|₹|₩)';

type MoneyRule = readonly [RegExp, (m: RegExpExecArray) => { n: string; suf?: string; cur?: string } | null];

const RULES: MoneyRule[] = [
  [new RegExp(`${SYM}\\s?${NUM}(?:\\s?${SUF}\\b)?`, 'gi'), (m) => ({ n: m[2]!, suf: m[3], cur: SYMBOLS[m[1]!.toLowerCase()] })],
  [new RegExp(`\\b(${CODES})\\s?${NUM}(?:\\s?${SUF}\\b)?`, 'gi'), (m) => ({ n: m[2]!, suf: m[3], cur: m[1]!.toUpperCase() })],
  [new RegExp(`\\b${NUM}(?:\\s?${SUF})?\\s?(${CODES}|${Object.keys(WORDS).join('|')})\\b`, 'gi'),
    (m) => ({ n: m[1]!, suf: m[2], cur: WORDS[m[3]!.toLowerCase()] ?? m[3]!.toUpperCase() })],
  [new RegExp(`\\b${NUM}\\s?${SUF}\\b`, 'gi'), (m) => ({ n: m[1]!, suf: m[2] })],
  [/\b(\d{1,3}(?:,\d{3})+(?:\.\d+)?)\b/g, (m) => ({ n: m[1]! })],
];

/** Plain numbers count as money only after a cue word ("worth 9500", "for 1200"). */
const CUED = /\b(?:worth|valued\s+at|value(?:\s+of)?|amount(?:\s+of|\s+to|\s+is)?|total(?:ling|ing|ed)?(?:\s+of)?|priced\s+at|price(?:\s+of)?|for|at|to|=)\s+(\d+(?:\.\d+)?)\b(?!\s*(?:[x×*%]|seats?|licen[cs]es?|users?|units?|days?|weeks?|months?|years?|hours?|minutes?|am\b|pm\b|:))/gi;

function toAmount(n: string, suf?: string): number | null {
  const base = Number(n.replace(/,/g, ''));
  if (!Number.isFinite(base)) return null;
  const mult = suf ? MULT[suf.toLowerCase()] ?? 1 : 1;
  const v = Math.round(base * mult * 100) / 100;
  return v >= 0 && v <= 1e12 ? v : null;
}

/** The most explicit amount in `s` (currency-marked first), or null. */
export function findMoney(s: string, allowCued = true): MoneyHit | null {
  const hits: MoneyHit[] = [];
  const taken = (a: number, b: number) => hits.some((h) => a < h.end && h.start < b);
  for (const [re, fn] of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const end = m.index + m[0].length;
      if (taken(m.index, end)) continue;
      // Skip things that only look like amounts: "Q3", times ("3pm" is not "3 pm dollars").
      const r = fn(m);
      if (!r) continue;
      const amount = toAmount(r.n, r.suf);
      if (amount === null) continue;
      hits.push({ amount, ...(r.cur ? { currency: r.cur } : {}), start: m.index, end });
    }
    if (hits.length) break;
  }
  if (!hits.length && allowCued) {
    CUED.lastIndex = 0;
    const m = CUED.exec(s);
    if (m) {
      const amount = toAmount(m[1]!);
      const start = m.index + m[0].length - m[1]!.length;
      if (amount !== null) hits.push({ amount, start, end: start + m[1]!.length });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0] ?? null;
}
