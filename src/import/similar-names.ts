/**
 * pg_trgm's similarity() ≥ threshold for many names at once, in memory. A large import would
 * otherwise probe the trigram index once per row, and with common words ("north", "group",
 * "services") each probe reads thousands of posting entries: minutes for 50k rows. Here every
 * existing name is read once and pairs are found with a prefix filter: two trigram sets with
 * Jaccard similarity ≥ t must share one of the |A| − ⌈t·|A|⌉ + 1 globally rarest trigrams of each,
 * so only those are indexed and probed; candidates are then scored exactly as pg_trgm does.
 */
export interface Named {
  id: number;
  name: string;
  /** The text compared (suffix-free, lower-case). */
  key: string;
}

export interface SimilarName {
  id: number;
  name: string;
  similarity: number;
}

/** pg_trgm's trigrams: each alphanumeric word lower-cased, padded with two spaces before and one after. */
export function trigramSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const chars = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return out;
}

export function bestSimilarNames(queries: string[], existing: Named[], threshold: number): Map<string, SimilarName> {
  const sets = existing.map((e) => trigramSet(e.key));
  const querySets = new Map(queries.map((q) => [q, trigramSet(q)]));
  const frequency = new Map<string, number>();
  for (const set of [...sets, ...querySets.values()]) for (const g of set) frequency.set(g, (frequency.get(g) ?? 0) + 1);
  // Rarest first, ties broken by the trigram itself so both sides order alike.
  const ordered = (set: Set<string>) => [...set].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const prefix = (list: string[]) => list.slice(0, list.length - Math.ceil(threshold * list.length) + 1);

  const index = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const g of prefix(ordered(set))) {
      const list = index.get(g);
      if (list) list.push(i);
      else index.set(g, [i]);
    }
  });

  const out = new Map<string, SimilarName>();
  for (const [q, qs] of querySets) {
    if (qs.size === 0) continue;
    const seen = new Set<number>();
    let best: { i: number; similarity: number } | undefined;
    for (const g of prefix(ordered(qs))) {
      for (const i of index.get(g) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const s = sets[i]!;
        if (s.size < threshold * qs.size || qs.size < threshold * s.size) continue;
        let shared = 0;
        for (const t of qs) if (s.has(t)) shared++;
        // float4 like Postgres, so a pair at exactly the threshold is decided the same way.
        const similarity = Math.fround(shared / (qs.size + s.size - shared));
        if (similarity < Math.fround(threshold)) continue;
        if (!best || similarity > best.similarity || (similarity === best.similarity && existing[i]!.id < existing[best.i]!.id)) best = { i, similarity };
      }
    }
    if (best) out.set(q, { id: existing[best.i]!.id, name: existing[best.i]!.name, similarity: Math.round(best.similarity * 1000) / 1000 });
  }
  return out;
}
