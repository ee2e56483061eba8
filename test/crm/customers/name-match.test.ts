import { describe, expect, it } from 'vitest';
import { osaDistance, trigramSimilarity } from '../../../src/crm/customers/name-match.js';

/** The full-table formulation osaDistance replaced, kept as the reference. */
function referenceOsa(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

let seed = 5;
const random = (n: number) => Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * n);
// A small alphabet, so that random words share letters, swaps and runs; an emoji and an accent.
const LETTERS = ['a', 'b', 'c', 'e', 'n', 'o', 's', 't', 'é', '😀'];
const word = (max: number) => Array.from({ length: random(max + 1) }, () => LETTERS[random(LETTERS.length)]).join('');

describe('name matching', () => {
  it('counts edits and adjacent swaps as the full table does, on 5000 random pairs', () => {
    expect(osaDistance('contoso', 'contsoo')).toBe(1);
    expect(osaDistance('northwind', 'northwnd')).toBe(1);
    expect(osaDistance('', 'abc')).toBe(3);
    expect(osaDistance('ca', 'abc')).toBe(3);
    for (let i = 0; i < 5000; i++) {
      const a = word(9);
      const b = i % 3 ? word(9) : a.slice(0, 2) + a.slice(3, 4) + a.slice(2, 3) + a.slice(4);
      expect(osaDistance(a, b), `${a} ~ ${b}`).toBe(referenceOsa(a, b));
    }
  });

  it('gives the same trigram similarity whether a text’s trigrams are remembered or not', () => {
    expect(trigramSimilarity('acme', 'acme')).toBe(1);
    expect(trigramSimilarity('acme', 'zzzz')).toBe(0);
    // "  a"," ac","acm","cme","me " against "  a"," ac","acn","cne","ne ": 2 shared of 8.
    expect(trigramSimilarity('acme', 'acne')).toBe(0.25);
    const pairs = Array.from({ length: 7000 }, (_, i) => [`${word(6)} ${i}`, `${word(6)} ${i}`] as const);
    const first = pairs.map(([a, b]) => trigramSimilarity(a, b));
    // More texts than are remembered: the second pass is answered partly from memory, partly afresh.
    expect(pairs.map(([a, b]) => trigramSimilarity(b, a))).toEqual(first);
    expect(pairs.map(([a, b]) => trigramSimilarity(a, b))).toEqual(first);
  });
});
