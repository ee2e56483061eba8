import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import type { Customer } from '../crm/customers/customer.table.js';
import { COMPANY_SUFFIX_PG, comparableName, looksLikeEmail, normaliseEmail, tryNormaliseDomain } from '../crm/validation.js';
import { array, chunks } from './batch-sql.js';
import { bestSimilarNames } from './similar-names.js';

/**
 * The rules of findDuplicates (exact email, phone or domain; names ≥ 0.6 similar once legal
 * suffixes are dropped), run for a whole file in a few set-based queries instead of one round
 * trip per row.
 */
const DUPLICATE_NAME_SIMILARITY = 0.6;

export interface ExactMatches {
  byEmail: Map<string, Customer>;
  byPhone: Map<string, Customer>;
  byDomain: Map<string, Customer>;
}

/** Existing customers by email, phone and domain; for a shared phone or domain the oldest wins. */
export async function exactCustomerMatches(
  db: DbOrTx,
  keys: { emails: string[]; phones: string[]; domains: string[] },
): Promise<ExactMatches> {
  const load = async (column: 'email' | 'phone' | 'domain', values: string[]) => {
    const map = new Map<string, Customer>();
    for (const part of chunks([...new Set(values)], 20_000)) {
      const rows = await db.selectFrom('customers').selectAll()
        .where(sql<boolean>`${sql.ref(column)} = any(${array(part, 'text')})`).orderBy('id').execute();
      for (const row of rows) if (!map.has(row[column]!)) map.set(row[column]!, row);
    }
    return map;
  };
  return { byEmail: await load('email', keys.emails), byPhone: await load('phone', keys.phones), byDomain: await load('domain', keys.domains) };
}

export interface NameMatch {
  id: number;
  name: string;
  similarity: number;
}

/**
 * For each name, the most similar existing customer at or above 0.6 (suffix-free trigram
 * similarity): by index probes for a few names, in memory for many (see similar-names.ts).
 * The index filter is `q <% lower(name)` at a word-similarity threshold of 0.6:
 * word similarity is never below the similarity to the suffix-free prefix of the name, so it
 * keeps every row the 0.6 rule can accept, while findDuplicates' looser search thresholds
 * (made for typos in chat) would hand each probe thousands of candidates on a large table.
 */
export async function similarCustomerNames(db: DbOrTx, names: string[], options: { inMemory?: boolean } = {}): Promise<Map<string, NameMatch>> {
  const queries = [...new Set(names.map(comparableName))].filter((q) => q.length >= 3);
  if (!queries.length) return new Map();
  const out = (options.inMemory ?? queries.length > INDEX_PROBE_LIMIT) ? await similarInMemory(db, queries) : await similarByIndex(db, queries);
  return new Map(names.map((n) => [n, out.get(comparableName(n))]).filter((e): e is [string, NameMatch] => !!e[1]));
}

// Up to this many names, one index probe each is quicker than reading every customer's name.
const INDEX_PROBE_LIMIT = 100;

async function similarInMemory(db: DbOrTx, queries: string[]): Promise<Map<string, NameMatch>> {
  const { rows } = await sql<{ id: number; name: string; key: string }>`
    select id, name, regexp_replace(lower(name), ${COMPANY_SUFFIX_PG}, '') as key from customers`.execute(db);
  return bestSimilarNames(queries, rows.map((r) => ({ ...r, id: Number(r.id) })), DUPLICATE_NAME_SIMILARITY);
}

async function similarByIndex(db: DbOrTx, queries: string[]): Promise<Map<string, NameMatch>> {
  const out = new Map<string, NameMatch>();
  const stripped = sql`regexp_replace(lower(c.name), ${COMPANY_SUFFIX_PG}, '')`;
  await inTransaction(db, async (tx) => {
    const { rows: [previous] } = await sql<{ w: string | null; seq: string }>`
      select current_setting('pg_trgm.word_similarity_threshold', true) as w, current_setting('enable_seqscan') as seq`.execute(tx);
    // The planner guesses 1% of rows for a trigram operator and then scans the whole table once
    // per probe (0.3 s each at 50k customers); the index answers the same probe in milliseconds.
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(DUPLICATE_NAME_SIMILARITY)}, true),
                     set_config('enable_seqscan', 'off', true)`.execute(tx);
    for (const part of chunks(queries, 2000)) {
      // One lateral probe per name: each uses the gin trigram index on lower(name).
      const { rows } = await sql<{ q: string; id: number; name: string; similarity: number }>`
        select u.q, m.id, m.name, m.similarity
        from unnest(${array(part, 'text')}) as u(q)
        cross join lateral (
          select c.id, c.name, similarity(${stripped}, u.q) as similarity
          from customers c
          where u.q <% lower(c.name) and similarity(${stripped}, u.q) >= ${DUPLICATE_NAME_SIMILARITY}
          order by similarity desc, c.id
          limit 1
        ) m`.execute(tx);
      for (const r of rows) out.set(r.q, { id: Number(r.id), name: r.name, similarity: Math.round(Number(r.similarity) * 1000) / 1000 });
    }
    // set_config(…, true) lasts until the transaction ends: the import's own transaction goes on.
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${previous?.w || '0.6'}, true),
                     set_config('enable_seqscan', ${previous?.seq ?? 'on'}, true)`.execute(tx);
  });
  return out;
}

export type CustomerRef = { id: number; name: string } | { ambiguous: string[] } | undefined;

/**
 * What a "Customer" cell in an orders, activities or contacts file points at: an email (the
 * customer's or one of its contacts'), a website/domain, or a name equal after comparableName
 * (an exact case-insensitive spelling breaks a tie between "Acme Inc" and "Acme Ltd").
 */
export async function resolveCustomerRefs(db: DbOrTx, refs: string[]): Promise<Map<string, CustomerRef>> {
  const unique = [...new Set(refs.map((r) => r.trim()).filter(Boolean))];
  const emails = new Map<string, string>();
  const domains = new Map<string, string>();
  const names = new Map<string, string>();
  for (const ref of unique) {
    if (looksLikeEmail(ref)) emails.set(ref, normaliseEmail(ref));
    else if (/^(https?:\/\/|www\.)|^[^\s@/]+\.[a-z]{2,}(\/\S*)?$/i.test(ref) && tryNormaliseDomain(ref)) domains.set(ref, tryNormaliseDomain(ref)!);
    else names.set(ref, comparableName(ref));
  }
  const found = new Map<string, { id: number; name: string }[]>();
  const add = (key: string, row: { id: number; name: string }) => {
    const list = found.get(key) ?? [];
    if (!list.some((r) => r.id === row.id)) list.push({ id: Number(row.id), name: row.name });
    found.set(key, list);
  };
  for (const part of chunks([...new Set(emails.values())], 20_000)) {
    const { rows } = await sql<{ key: string; id: number; name: string }>`
      select email as key, id, name from customers where email = any(${array(part, 'text')})
      union all
      select ct.email, c.id, c.name from contacts ct join customers c on c.id = ct.customer_id where ct.email = any(${array(part, 'text')})
      order by 2`.execute(db);
    for (const r of rows) add(`e:${r.key}`, r);
  }
  for (const part of chunks([...new Set(domains.values())], 20_000)) {
    const { rows } = await sql<{ key: string; id: number; name: string }>`
      select domain as key, id, name from customers where domain = any(${array(part, 'text')}) order by id`.execute(db);
    for (const r of rows) add(`d:${r.key}`, r);
  }
  const exactSpelling = new Map<string, number>();
  for (const part of chunks([...new Set(names.values())], 20_000)) {
    const { rows } = await sql<{ key: string; id: number; name: string }>`
      select regexp_replace(lower(name), ${COMPANY_SUFFIX_PG}, '') as key, id, name from customers
      where regexp_replace(lower(name), ${COMPANY_SUFFIX_PG}, '') = any(${array(part, 'text')}) order by id`.execute(db);
    for (const r of rows) {
      add(`n:${r.key}`, r);
      exactSpelling.set(r.name.toLowerCase(), Number(r.id));
    }
  }
  const out = new Map<string, CustomerRef>();
  for (const ref of unique) {
    const key = emails.has(ref) ? `e:${emails.get(ref)}` : domains.has(ref) ? `d:${domains.get(ref)}` : `n:${names.get(ref)}`;
    const list = found.get(key) ?? [];
    const exact = list.find((r) => r.id === exactSpelling.get(ref.toLowerCase().replace(/\s+/g, ' ')));
    if (list.length === 1 || (list.length > 1 && key.startsWith('e:'))) out.set(ref, list[0]);
    else if (list.length > 1 && exact) out.set(ref, exact);
    else if (list.length > 1) out.set(ref, { ambiguous: list.slice(0, 3).map((r) => `#${r.id} "${r.name}"`) });
  }
  return out;
}

/** The reason a row cannot use `ref`, or undefined when it resolved. */
export function refProblem(ref: string, resolved: CustomerRef): string | undefined {
  if (!resolved) return `customer "${ref}" is not in the CRM — import it with the customers first`;
  if ('ambiguous' in resolved) return `customer "${ref}" matches several customers (${resolved.ambiguous.join(', ')}) — use its email or website instead`;
  return undefined;
}
