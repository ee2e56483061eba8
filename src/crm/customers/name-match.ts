import { comparableName } from '../validation.js';

/**
 * How well a typed name matches a stored one, 0..1. Postgres (pg_trgm) only narrows the
 * candidates through its indexes; the final score is computed here so that customers,
 * contacts and users rank by one rule that tests can pin down.
 *
 *   1.00  the name exactly as stored (case-insensitive)
 *   0.95  equal once legal suffixes are dropped ("acme inc" ~ "Acme Corp.")
 *   0.85  the whole words at the start ("jane" ~ "Jane Cooper", "acme" ~ "Acme Industries")
 *   0.6+  prefix / word-prefix / substring, more the more of the name is covered
 *   ~0.8  one or two typos in a word ("contsoo", "northwnd")
 *   else  trigram similarity, as pg_trgm computes it
 */
export function nameScore(query: string, name: string): number {
  const q = query.toLowerCase().replace(/\s+/g, ' ').trim();
  const n = name.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!q || !n) return 0;
  if (q === n) return 1;
  const qc = comparableName(q);
  const nc = comparableName(n);
  if (qc === nc) return 0.95;

  const qTokens = tokens(qc);
  const nTokens = tokens(nc);
  const ratio = Math.min(1, qc.length / nc.length);
  const scores = [trigramSimilarity(qc, nc)];
  if (qTokens.length === 0 || nTokens.length === 0) {
    // Names made only of symbols or emoji: substring is all we can say.
    if (nc.includes(qc)) scores.push(0.6 + 0.3 * ratio);
    return round(Math.max(...scores));
  }

  const k = qTokens.length;
  for (let i = 0; i + k <= nTokens.length; i++) {
    const window = nTokens.slice(i, i + k);
    const head = window.slice(0, -1);
    const whole = window.every((t, j) => t === qTokens[j]);
    const prefix = head.every((t, j) => t === qTokens[j]) && window[k - 1]!.startsWith(qTokens[k - 1]!);
    const atStart = i === 0;
    if (whole) scores.push(atStart ? 0.85 : 0.8);
    else if (prefix && qc.length >= 2) scores.push((atStart ? 0.6 : 0.55) + 0.25 * ratio);
    scores.push(typoScore(qTokens, window) * (atStart ? 1 : 0.95));
  }
  if (qc.length >= 3 && nc.includes(qc)) scores.push(0.45 + 0.2 * ratio);
  return round(Math.min(1, Math.max(...scores)));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export const tokens = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Typos only count in words of four letters or more: "ab" vs "ac" is a different name, not a typo. */
export const TYPO_MIN_LENGTH = 4;
/** osaSimilarity from which a word counts as a typo of another. */
export const TYPO_SIMILARITY = 0.7;

/** 1 for the same word, falling with each edit (osaDistance) relative to the longer word. */
export const osaSimilarity = (a: string, b: string): number => 1 - osaDistance(a, b) / Math.max(a.length, b.length);

function typoScore(query: string[], window: string[]): number {
  let worst = 1;
  for (let j = 0; j < query.length; j++) {
    const a = query[j]!;
    const b = window[j]!;
    if (a === b) continue;
    if (Math.min(a.length, b.length) < TYPO_MIN_LENGTH) return 0;
    worst = Math.min(worst, osaSimilarity(a, b));
  }
  return worst >= TYPO_SIMILARITY ? 0.45 + 0.4 * worst : 0;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("contsoo"). */
export function osaDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  // Three rows of the table, reused: this runs for every word near a word typed, every search.
  let before = new Array<number>(t.length + 1).fill(0);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  let row = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    row[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[t.length]!;
}

/** pg_trgm's similarity(): shared trigrams over all trigrams, words padded with two spaces in front. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const g of ta) if (tb.has(g)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/**
 * A search scores up to a few hundred names and name words against the same query, and the same
 * words come back search after search: each text's trigrams are kept (bounded). Callers must not
 * change the set they get.
 */
function trigrams(text: string): ReadonlySet<string> {
  let out = trigramsOf.get(text);
  if (out === undefined) {
    const grams = new Set<string>();
    for (const word of tokens(text.toLowerCase())) {
      const padded = [' ', ' ', ...word, ' '];
      for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3).join(''));
    }
    if (trigramsOf.size >= TRIGRAMS_KEPT) trigramsOf.clear();
    trigramsOf.set(text, (out = grams));
  }
  return out;
}
const TRIGRAMS_KEPT = 5000;
const trigramsOf = new Map<string, ReadonlySet<string>>();

// ---- choosing one, several or none --------------------------------------------------------

export const MATCH_MIN = 0.55;
export const CLEAR_MARGIN = 0.15;
const AMBIGUOUS_FLOOR = 0.45;
const SUGGEST_MIN = 0.25;
export const MAX_CANDIDATES = 5;

export type Decision<T> =
  | { kind: 'match'; match: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'none'; suggestions: T[] };

/**
 * `ranked` best first. Exact hits (same email, phone, domain or full name) win when there is
 * one; otherwise the top must reach MATCH_MIN and lead every other close one by CLEAR_MARGIN.
 */
export function decide<T extends { score: number }>(ranked: T[], isExact: (c: T) => boolean): Decision<T> {
  const exact = ranked.filter(isExact);
  if (exact.length === 1) return { kind: 'match', match: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact.slice(0, MAX_CANDIDATES) };
  const top = ranked[0];
  if (!top || top.score < MATCH_MIN) {
    return { kind: 'none', suggestions: ranked.filter((c) => c.score >= SUGGEST_MIN).slice(0, 3) };
  }
  const close = ranked.filter((c) => c.score >= AMBIGUOUS_FLOOR && top.score - c.score < CLEAR_MARGIN);
  if (close.length <= 1) return { kind: 'match', match: top };
  return { kind: 'ambiguous', candidates: close.slice(0, MAX_CANDIDATES) };
}
