import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { COMPANY_SUFFIX_PG } from '../validation.js';
import { searchCustomers } from './customer-search.js';

/**
 * Likely duplicate customers, found in a few set-based queries:
 *
 *   exact evidence   same domain, same customer phone, a contact phone shared by both, or one's
 *                    email being a contact's email at the other;
 *   name evidence    trigram similarity ≥ 0.6 of the names once legal suffixes are dropped
 *                    ("Acme Corp" and "ACME Corporation" are both "acme").
 *
 * Each pair gets a score 0..1 (independent evidence combined as 1 − Π(1 − p)) and a confidence.
 * Names alone never reach "high", and when both customers have a website and the websites
 * differ, a pair found only by name or phone is at most "low": "Atlas Health" (atlashealth.com)
 * and "Atlas Health Inc." (atlas-health.de) are more likely two companies than one typed twice,
 * and a shared number is often a group's switchboard.
 */

export type DuplicateConfidence = 'high' | 'medium' | 'low';

export interface DuplicateSide {
  id: number;
  name: string;
  domain: string | null;
  email: string | null;
  phone: string | null;
  ownerId: number | null;
  createdAt: Date;
}

export interface DuplicatePair {
  /** The older record (lower id): the suggested one to keep. */
  keep: DuplicateSide;
  /** The newer record: the suggested one to merge into `keep`. */
  duplicate: DuplicateSide;
  score: number;
  confidence: DuplicateConfidence;
  reasons: string[];
}

export interface DuplicateOptions {
  /** Only pairs with at least one customer matching this name, email or domain. */
  query?: string;
  /** Default 50. */
  limit?: number;
  /** Default 'low': every pair. */
  minConfidence?: DuplicateConfidence;
}

export const NAME_SIMILARITY = 0.6;
// A website shared by more customers than this is a hosting provider, and a phone shared by more
// than a few a switchboard or a placeholder: not a sign that any two of them are one customer.
const MAX_GROUP = 10;
const MAX_PHONE_GROUP = 3;
const QUERY_SCOPE = 20;

// Several shared phones count as one piece of evidence: a group's numbers are not independent.
const WEIGHT = { domain: 0.8, contactEmail: 0.9, phone: 0.65 } as const;
const RANK: Record<DuplicateConfidence, number> = { high: 2, medium: 1, low: 0 };

type Evidence = { kind: keyof typeof WEIGHT; reason: string } | { kind: 'name'; similarity: number };

const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

export function confidenceFor(score: number): DuplicateConfidence {
  return score >= 0.85 ? 'high' : score >= 0.6 ? 'medium' : 'low';
}

/** The likely duplicate pairs, best first (score, then ids): the same data gives the same list. */
export async function findDuplicatePairs(db: DbOrTx, options: DuplicateOptions = {}): Promise<DuplicatePair[]> {
  const limit = options.limit ?? 50;
  const min = RANK[options.minConfidence ?? 'low'];
  let scope: number[] | undefined;
  if (options.query !== undefined) {
    const ranked = await searchCustomers(db, options.query, { limit: QUERY_SCOPE });
    scope = ranked.filter((c) => c.score >= 0.45).map((c) => c.customer.id);
    if (scope.length === 0) return [];
  }

  const evidence = new Map<string, Evidence[]>();
  const add = (a: number, b: number, e: Evidence) => {
    if (a === b) return;
    const key = pairKey(a, b);
    const list = evidence.get(key) ?? [];
    if (!list.some((x) => x.kind === e.kind && (x.kind === 'name' || (e.kind !== 'name' && x.reason === e.reason)))) list.push(e);
    evidence.set(key, list);
  };

  for (const row of await exactEvidence(db, scope)) {
    const ids = row.ids.map(Number).slice(0, MAX_GROUP + 1);
    if (ids.length > MAX_GROUP) continue;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) add(ids[i]!, ids[j]!, { kind: row.kind, reason: row.reason });
    }
  }
  const names = scope ? await similarNamesOf(db, scope) : await similarNamePairs(db);
  for (const n of names) add(Number(n.a), Number(n.b), { kind: 'name', similarity: Number(n.similarity) });

  const ids = [...new Set([...evidence.keys()].flatMap((k) => k.split(':').map(Number)))];
  const sides = await loadSides(db, ids);
  const pairs: DuplicatePair[] = [];
  for (const [key, list] of evidence) {
    const [a, b] = key.split(':').map(Number) as [number, number];
    const keep = sides.get(a);
    const duplicate = sides.get(b);
    if (!keep || !duplicate) continue;
    const pair = scorePair(keep, duplicate, list);
    if (RANK[pair.confidence] >= min) pairs.push(pair);
  }
  pairs.sort((x, y) => y.score - x.score || x.keep.id - y.keep.id || x.duplicate.id - y.duplicate.id);
  return pairs.slice(0, limit);
}

function scorePair(keep: DuplicateSide, duplicate: DuplicateSide, list: Evidence[]): DuplicatePair {
  let miss = 1;
  const reasons: string[] = [];
  let strong = false;
  const counted = new Set<string>();
  for (const e of list) {
    if (e.kind === 'name') continue;
    if (e.kind !== 'phone') strong = true;
    if (!counted.has(e.kind)) miss *= 1 - WEIGHT[e.kind];
    counted.add(e.kind);
    reasons.push(e.reason);
  }
  const name = list.find((e): e is Extract<Evidence, { kind: 'name' }> => e.kind === 'name');
  if (name) {
    // 0.45 at the threshold up to 0.7 for names equal once suffixes are dropped.
    const p = 0.45 + 0.25 * Math.min(1, Math.max(0, (name.similarity - NAME_SIMILARITY) / (1 - NAME_SIMILARITY)));
    miss *= 1 - p;
    const identical = keep.name.toLowerCase() === duplicate.name.toLowerCase();
    reasons.push(name.similarity < 0.999 ? `similar names (${Math.round(name.similarity * 100)}%)` : identical ? 'same name' : 'same name apart from the legal suffix');
  }
  let score = 1 - miss;
  const websitesDiffer = keep.domain !== null && duplicate.domain !== null && keep.domain !== duplicate.domain;
  // A shared switchboard number or a common name is weak next to two different websites.
  if (!strong && websitesDiffer) {
    score = Math.min(score, 0.45);
    reasons.push(`different websites (${keep.domain}, ${duplicate.domain})`);
  }
  score = Math.round(score * 1000) / 1000;
  return { keep, duplicate, score, confidence: confidenceFor(score), reasons };
}

interface ExactRow {
  kind: 'domain' | 'phone' | 'contactEmail';
  reason: string;
  ids: Array<number | string>;
}

/** Groups of customers sharing a domain or phone, and customer/contact email and phone links. */
async function exactEvidence(db: DbOrTx, scope: number[] | undefined): Promise<ExactRow[]> {
  const inScope = (column: string) =>
    scope ? sql`and ${sql.ref(column)} in (select ${sql.ref(column)} from customers where id = any(${sql.val(scope)}::bigint[]))` : sql``;
  const contactScope = scope ? sql`and (c.id = any(${sql.val(scope)}::bigint[]) or ct.customer_id = any(${sql.val(scope)}::bigint[]))` : sql``;
  const { rows } = await sql<ExactRow>`
    select 'domain' as kind, 'same website ' || domain as reason, array_agg(id order by id) as ids
      from customers where domain is not null ${inScope('domain')}
      group by domain having count(*) between 2 and ${MAX_GROUP}
    union all
    select 'phone', 'same phone number ' || phone, array_agg(distinct customer_id order by customer_id)
      from (
        select ct.phone, ct.customer_id from contacts ct where ct.phone is not null
        union
        select c.phone, c.id from customers c where c.phone is not null
      ) p
      where true ${scope ? sql`and phone in (
        select ct.phone from contacts ct where ct.phone is not null and ct.customer_id = any(${sql.val(scope)}::bigint[])
        union
        select c.phone from customers c where c.phone is not null and c.id = any(${sql.val(scope)}::bigint[])
      )` : sql``}
      group by phone having count(distinct customer_id) between 2 and ${MAX_PHONE_GROUP}
    union all
    select 'contactEmail', 'contact email ' || c.email, array[least(c.id, ct.customer_id), greatest(c.id, ct.customer_id)]
      from customers c join contacts ct on ct.email = c.email and ct.customer_id <> c.id
      where c.email is not null ${contactScope}
    order by 1, 2`.execute(db);
  return rows;
}

/** pg_trgm similarity of the suffix-free lower-case name. */
const stripped = (column: string) => sql`regexp_replace(lower(${sql.ref(column)}), ${COMPANY_SUFFIX_PG}, '')`;

/**
 * Pairs of names ≥ 0.6 similar across the whole table, without comparing every name with every
 * other. Names equal once suffixes are dropped are grouped exactly. For the fuzzy rest this is a
 * sorted-neighbourhood scan: each name is compared with the next WINDOW names in alphabetical
 * order and in order of the reversed name (so a typo at either end still sorts near), and
 * pg_trgm's similarity() decides. Measured at 100k customers (demo data, --scale 333): a `%`
 * self-join probing the gin trigram index takes ~6.8 ms per customer, about 11 minutes, because
 * every probe reads the posting lists of common trigrams; the trigram prefix filter of
 * src/import/similar-names.ts generates 392M candidates on that vocabulary. This takes seconds,
 * at the price of missing a fuzzy pair with more than WINDOW similar names sorted between them;
 * `duplicates of <name>` (similarNamesOf) probes the index and misses nothing.
 */
const WINDOW = 8;

async function similarNamePairs(db: DbOrTx): Promise<Array<{ a: number; b: number; similarity: number }>> {
  const { rows } = await sql<{ a: number; b: number; similarity: number }>`
    with names as materialized (
      select id, ${stripped('name')} as key from customers
    ), sorted as materialized (
      select id, key, row_number() over (order by key, id) as r1, row_number() over (order by reverse(key), id) as r2 from names
    ), near as (
      select a.id as a, b.id as b, a.key as ka, b.key as kb
      from sorted a cross join generate_series(1, ${WINDOW}) k join sorted b on b.r1 = a.r1 + k
      union all
      select a.id, b.id, a.key, b.key
      from sorted a cross join generate_series(1, ${WINDOW}) k join sorted b on b.r2 = a.r2 + k
    ), same as (
      select array_agg(id order by id) as ids from names group by key having count(*) between 2 and ${MAX_GROUP}
    )
    select a, b, similarity from (
      -- Trigram counts track lengths: names of very different lengths cannot be 0.6 similar.
      select least(a, b) as a, greatest(a, b) as b, similarity(ka, kb) as similarity
      from near where ka <> kb and length(kb) between length(ka) / 2 and length(ka) * 2
      offset 0
    ) s where similarity >= ${NAME_SIMILARITY}
    union all
    select x.a, y.b, 1 from same, unnest(ids) with ordinality x(a, i), unnest(ids) with ordinality y(b, j) where i < j`.execute(db);
  return rows;
}

/** Names ≥ 0.6 similar to a few customers': one probe each of the gin trigram index on lower(name). */
async function similarNamesOf(db: DbOrTx, scope: number[]): Promise<Array<{ a: number; b: number; similarity: number }>> {
  return inTransaction(db, async (tx: Transaction<Database>) => {
    const { rows: [previous] } = await sql<{ w: string | null }>`
      select current_setting('pg_trgm.word_similarity_threshold', true) as w`.execute(tx);
    // Word similarity of the suffix-free name to the whole stored name is never below their
    // similarity, so `<%` at 0.6 keeps every row the rule can accept, and the index answers it.
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(NAME_SIMILARITY)}, true)`.execute(tx);
    const { rows } = await sql<{ a: number; b: number; similarity: number }>`
      select least(s.id, m.id) as a, greatest(s.id, m.id) as b, m.similarity
      from (select id, ${stripped('name')} as key from customers where id = any(${sql.val(scope)}::bigint[])) s
      cross join lateral (
        select c.id, similarity(${stripped('c.name')}, s.key) as similarity
        from customers c
        where s.key <% lower(c.name) and c.id <> s.id and similarity(${stripped('c.name')}, s.key) >= ${NAME_SIMILARITY}
        order by 2 desc, c.id
        limit 20
      ) m`.execute(tx);
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${previous?.w || '0.6'}, true)`.execute(tx);
    return rows;
  });
}

async function loadSides(db: DbOrTx, ids: number[]): Promise<Map<number, DuplicateSide>> {
  const out = new Map<number, DuplicateSide>();
  if (ids.length === 0) return out;
  const { rows } = await sql<{ id: number; name: string; domain: string | null; email: string | null; phone: string | null; owner_id: number | null; created_at: Date }>`
    select id, name, domain, email, phone, owner_id, created_at from customers where id = any(${ids}::int8[])`.execute(db);
  for (const r of rows) {
    out.set(Number(r.id), { id: Number(r.id), name: r.name, domain: r.domain, email: r.email, phone: r.phone, ownerId: r.owner_id === null ? null : Number(r.owner_id), createdAt: new Date(r.created_at) });
  }
  return out;
}
