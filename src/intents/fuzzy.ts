/**
 * Typo tolerance for command words ("lgo a call", "tikcet", "remnd"). Only the small verb/noun
 * lexicon is matched, never names, so a customer called "Dell" does not become "deal".
 */
import { COMMAND_WORDS, KNOWN_WORDS, SENTENCE_START_WORDS } from './lexicon.js';

/** Optimal-string-alignment distance, abandoned as soon as it exceeds `max` (we only need ≤1). */
export function damerauLevenshtein(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2: number[] = new Array<number>(n + 1).fill(0);
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

const cache = new Map<string, string | null>();

/** The lexicon word a (lower-case) typo stands for, or null when it is not a clear typo. */
export function correctWord(word: string): string | null {
  if (word.length < 3 || COMMAND_WORDS.has(word) || KNOWN_WORDS.has(word)) return null;
  if (cache.has(word)) return cache.get(word)!;
  let best: string | null = null;
  let ambiguous = false;
  for (const cand of COMMAND_WORDS) {
    const ok =
      word.length === 3 || cand.length === 3
        ? isTransposition(word, cand) // 3 letters: only swapped letters are a safe guess ("lgo")
        : cand.length >= 4 && damerauLevenshtein(word, cand, 1) <= 1;
    if (!ok) continue;
    if (best && best !== cand) ambiguous = true;
    best = cand;
  }
  const result = ambiguous ? null : best;
  if (cache.size < 5000) cache.set(word, result);
  return result;
}

/**
 * Rewrites typos of command words in place. Capitalised words are left alone (they are names)
 * except at the very start, where only verbs are corrected ("Remnd me…", but not "Dell ordered").
 * Quoted arguments are never touched.
 */
export function correctTypos(s: string): string {
  let first = true;
  let inQuote = false;
  return s.replace(/"|[\p{L}][\p{L}']*/gu, (w: string, offset: number) => {
    if (w === '"') {
      inQuote = !inQuote;
      return w;
    }
    const wasFirst = first;
    first = false;
    if (inQuote || w.includes("'") || insideAddress(s, offset, w.length)) return w;
    const lower = w.toLowerCase();
    const capital = w !== lower;
    if (capital && !(wasFirst && w.slice(1) === lower.slice(1))) return w;
    const fixed = correctWord(lower);
    if (!fixed) return w;
    if (capital && !SENTENCE_START_WORDS.has(fixed)) return w;
    return fixed;
  });
}

/** Part of an email, a domain or a URL ("jane@gmail.com", "acme.com/pricing"): never a command word. */
function insideAddress(s: string, offset: number, length: number): boolean {
  const before = s[offset - 1] ?? '';
  const after = s[offset + length] ?? '';
  const afterNext = s[offset + length + 1] ?? '';
  return /[@./:_\d-]/.test(before) || (/[@._-]/.test(after) && /[\p{L}\d]/u.test(afterNext));
}
