import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import {
  COMPANY_SUFFIX_PG, cleanQuery, comparableName, companyDomainFromEmail, escapeLike, looksLikeEmail, normaliseEmail,
  tryNormaliseDomain, tryNormalisePhone,
} from '../validation.js';
import type { Customer } from './customer.table.js';
import { nameScore } from './name-match.js';

export type MatchedOn = 'name' | 'contact' | 'email' | 'phone' | 'domain';

export interface CustomerCandidate {
  customer: Customer;
  /** 0..1; 1 means an exact email, phone, domain or full-name hit. */
  score: number;
  matchedOn: MatchedOn;
  /** Set when a contact of the customer is what matched. */
  contactName?: string;
}

// Looser than pg_trgm's defaults (0.3 / 0.6) so that the index still returns typos such as
// "contsoo"; final ranking happens in nameScore, so extra candidates only cost a little time.
const SIMILARITY_THRESHOLD = 0.2;
const WORD_SIMILARITY_THRESHOLD = 0.4;
const NAME_CANDIDATES = 50;
// First, stricter pass of the name search (closestCustomers); above both loose thresholds.
const STRICT_THRESHOLD = 0.5;
// A contact's name is a weaker signal of the customer than the customer's own name.
const CONTACT_WEIGHT = 0.9;
// Exact hits tie at 1; the more specific evidence ranks first.
const PRIORITY: Record<MatchedOn, number> = { email: 0, phone: 1, domain: 2, name: 3, contact: 4 };

/** Runs `fn` with lowered pg_trgm thresholds for `%` / `<%`, restoring the caller's values after. */
export async function withTrigramThresholds<T>(db: DbOrTx, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) {
    // A transaction of our own: set_config(…, true) ends with it, so there is nothing to restore
    // (one statement instead of three; each round trip counts in a 25 ms lookup).
    return db.transaction().execute(async (tx) => {
      await setThresholds(tx, String(SIMILARITY_THRESHOLD), String(WORD_SIMILARITY_THRESHOLD));
      return fn(tx);
    });
  }
  const tx = db as Transaction<Database>;
  // Inside the caller's longer transaction, which may use the operators too: read the values in
  // force and lower them in one statement (select-list items are evaluated left to right), and
  // put them back after.
  const previous = await sql<{ s: string | null; w: string | null }>`
    select current_setting('pg_trgm.similarity_threshold', true) as s,
           current_setting('pg_trgm.word_similarity_threshold', true) as w,
           set_config('pg_trgm.similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true),
           set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`.execute(tx);
  const result = await fn(tx);
  const row = previous.rows[0];
  await setThresholds(tx, row?.s || '0.3', row?.w || '0.6');
  return result;
}

async function setThresholds(tx: Transaction<Database>, similarity: string, word: string): Promise<void> {
  await sql`select set_config('pg_trgm.similarity_threshold', ${similarity}, true),
                   set_config('pg_trgm.word_similarity_threshold', ${word}, true)`.execute(tx);
}

/** `lower(column)` narrowed by the gin trigram index: similar, a similar word, or a substring. */
function nameFilter(column: 'customers.name' | 'contacts.name', query: string) {
  const ref = sql.ref(column);
  const escaped = escapeLike(query);
  // Under three characters trigrams say nothing: fall back to prefixes of any word.
  if (query.length < 3) return sql<boolean>`(lower(${ref}) like ${`${escaped}%`} or lower(${ref}) like ${`% ${escaped}%`})`;
  return sql<boolean>`(lower(${ref}) % ${query} or ${query} <% lower(${ref}) or lower(${ref}) like ${`%${escaped}%`})`;
}

function nameOrder(column: 'customers.name' | 'contacts.name', query: string) {
  const ref = sql.ref(column);
  return sql`greatest(similarity(lower(${ref}), ${query}), word_similarity(${query}, lower(${ref})))`;
}

/**
 * Ranked customers for whatever the user typed: a name (typos and partial names included),
 * a contact's name, an email, a phone number, or a website/domain. Best first.
 */
export async function searchCustomers(db: DbOrTx, query: string, options: { limit?: number } = {}): Promise<CustomerCandidate[]> {
  const limit = options.limit ?? 10;
  const text = cleanQuery(query);
  if (!text) return [];
  const found: CustomerCandidate[] = [];

  if (looksLikeEmail(text)) {
    const email = normaliseEmail(text);
    found.push(...(await byEmail(db, email)));
    const domain = companyDomainFromEmail(email);
    if (domain) found.push(...(await byDomain(db, domain)));
  } else {
    const digits = text.replace(/\D/g, '');
    const phone = /^[+\d\s().-]+$/.test(text) && digits.length >= 7 ? tryNormalisePhone(text) : undefined;
    if (phone) found.push(...(await byPhone(db, phone)));
    const domainLike = /^(https?:\/\/|www\.)/i.test(text) || /^[^\s@/]+\.[a-z]{2,}(\/\S*)?$/i.test(text);
    const domain = domainLike ? tryNormaliseDomain(text) : undefined;
    if (domain) found.push(...(await byDomain(db, domain)));
    if (!phone) found.push(...(await byName(db, text)));
  }
  return rank(found).slice(0, limit);
}

/** Keeps each customer's best evidence and sorts: score, then how specific the evidence is, then name. */
function rank(found: CustomerCandidate[]): CustomerCandidate[] {
  const better = (a: CustomerCandidate, b: CustomerCandidate) =>
    b.score - a.score || PRIORITY[a.matchedOn] - PRIORITY[b.matchedOn] || a.customer.name.localeCompare(b.customer.name) || a.customer.id - b.customer.id;
  const best = new Map<number, CustomerCandidate>();
  for (const c of found) {
    const seen = best.get(c.customer.id);
    if (!seen || better(c, seen) < 0) best.set(c.customer.id, c);
  }
  return [...best.values()].sort(better);
}

async function byEmail(db: DbOrTx, email: string): Promise<CustomerCandidate[]> {
  const customers = await db.selectFrom('customers').selectAll().where('email', '=', email).execute();
  const viaContacts = await db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .selectAll('customers')
    .select('contacts.name as contact_name')
    .where('contacts.email', '=', email)
    .execute();
  return [
    ...customers.map((customer) => ({ customer, score: 1, matchedOn: 'email' as const })),
    ...viaContacts.map(({ contact_name, ...customer }) => ({ customer, score: 1, matchedOn: 'email' as const, contactName: contact_name })),
  ];
}

async function byPhone(db: DbOrTx, phone: string): Promise<CustomerCandidate[]> {
  const customers = await db.selectFrom('customers').selectAll().where('phone', '=', phone).execute();
  const viaContacts = await db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .selectAll('customers')
    .select('contacts.name as contact_name')
    .where('contacts.phone', '=', phone)
    .execute();
  return [
    ...customers.map((customer) => ({ customer, score: 1, matchedOn: 'phone' as const })),
    ...viaContacts.map(({ contact_name, ...customer }) => ({ customer, score: 1, matchedOn: 'phone' as const, contactName: contact_name })),
  ];
}

/** The customer's own domain or mailbox domain scores 1; a contact mailbox at the domain a little less. */
async function byDomain(db: DbOrTx, domain: string): Promise<CustomerCandidate[]> {
  const atDomain = `%@${escapeLike(domain)}`;
  const customers = await db
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb.or([eb('domain', '=', domain), eb('email', 'like', atDomain)]))
    .limit(NAME_CANDIDATES)
    .execute();
  const viaContacts = await db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .selectAll('customers')
    .select('contacts.name as contact_name')
    .where('contacts.email', 'like', atDomain)
    .limit(NAME_CANDIDATES)
    .execute();
  return [
    ...customers.map((customer) => ({ customer, score: 1, matchedOn: 'domain' as const })),
    ...viaContacts.map(({ contact_name, ...customer }) => ({ customer, score: 0.9, matchedOn: 'domain' as const, contactName: contact_name })),
  ];
}

/**
 * The NAME_CANDIDATES customers whose names are closest to `query` (by the greater of similarity
 * and word similarity), as the loose thresholds find them, but read in two steps when that is
 * cheaper. The loose thresholds match thousands of rows for common words ("Keystone …",
 * "… Kitchens": 5–7.5k gin candidates, ~2k heap pages, 75–150 ms at scale 333), and every
 * candidate costs a trigram recheck. So first ask with both thresholds at STRICT_THRESHOLD; when
 * that alone yields NAME_CANDIDATES rows scoring at least STRICT_THRESHOLD, they are exactly the
 * loose query's top rows (anything only the loose query adds scores below it) and the loose scan
 * is skipped (14–70 ms on the same names). Otherwise the loose query runs as before.
 * Runs inside withTrigramThresholds and leaves its loose thresholds in force.
 */
async function closestCustomers(tx: Transaction<Database>, query: string): Promise<Customer[]> {
  const loose = () => tx
    .selectFrom('customers')
    .selectAll()
    .where(nameFilter('customers.name', query))
    .orderBy(nameOrder('customers.name', query), 'desc')
    .limit(NAME_CANDIDATES)
    .execute();
  if (query.length < 3) return loose(); // prefix LIKEs, no trigram thresholds involved
  await setThresholds(tx, String(STRICT_THRESHOLD), String(STRICT_THRESHOLD));
  const strict = await tx
    .selectFrom('customers')
    .selectAll()
    .select(nameOrder('customers.name', query).as('closeness'))
    .where(nameFilter('customers.name', query))
    .orderBy('closeness', 'desc')
    .limit(NAME_CANDIDATES)
    .execute();
  await setThresholds(tx, String(SIMILARITY_THRESHOLD), String(WORD_SIMILARITY_THRESHOLD));
  if (strict.filter((r) => Number(r.closeness) >= STRICT_THRESHOLD).length >= NAME_CANDIDATES) {
    return strict.map(({ closeness: _closeness, ...customer }) => customer);
  }
  return loose();
}

async function byName(db: DbOrTx, text: string): Promise<CustomerCandidate[]> {
  const query = comparableName(text);
  return withTrigramThresholds(db, async (tx) => {
    const customers = await closestCustomers(tx, query);
    const viaContacts = await tx
      .selectFrom('contacts')
      .innerJoin('customers', 'customers.id', 'contacts.customer_id')
      .selectAll('customers')
      .select('contacts.name as contact_name')
      .where(nameFilter('contacts.name', query))
      .orderBy(nameOrder('contacts.name', query), 'desc')
      .limit(NAME_CANDIDATES)
      .execute();
    const out: CustomerCandidate[] = [];
    for (const customer of customers) {
      const score = nameScore(text, customer.name);
      if (score >= 0.2) out.push({ customer, score, matchedOn: 'name' });
    }
    for (const { contact_name, ...customer } of viaContacts) {
      const score = Math.round(nameScore(text, contact_name) * CONTACT_WEIGHT * 1000) / 1000;
      if (score >= 0.2) out.push({ customer, score, matchedOn: 'contact', contactName: contact_name });
    }
    return out;
  });
}

// ---- duplicate guard ---------------------------------------------------------------------

export type DuplicateReason = 'email' | 'phone' | 'domain' | 'name';

export interface DuplicateCandidate {
  customer: Customer;
  reason: DuplicateReason;
  /** For reason 'name': trigram similarity of the suffix-free names. */
  similarity?: number;
}

export interface DuplicateProbe {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  domain?: string | null;
  /** Leave this customer out (when checking an update). */
  excludeId?: number;
}

const DUPLICATE_NAME_SIMILARITY = 0.6;

/**
 * Existing customers that are probably the same company or person: same normalised email,
 * phone or domain, or a name at least 0.6 similar once legal suffixes are dropped.
 * Inputs that do not parse are ignored here; validation reports them elsewhere.
 */
export async function findDuplicates(db: DbOrTx, probe: DuplicateProbe): Promise<DuplicateCandidate[]> {
  const email = probe.email && looksLikeEmail(probe.email) ? normaliseEmail(probe.email) : undefined;
  const phone = probe.phone ? tryNormalisePhone(probe.phone) : undefined;
  const domain = (probe.domain ? tryNormaliseDomain(probe.domain) : undefined) ?? (email ? companyDomainFromEmail(email) : undefined);
  const out: DuplicateCandidate[] = [];
  const push = (customer: Customer, reason: DuplicateReason, similarity?: number) => {
    if (customer.id === probe.excludeId || out.some((d) => d.customer.id === customer.id)) return;
    out.push(similarity === undefined ? { customer, reason } : { customer, reason, similarity });
  };

  for (const [reason, value] of [['email', email], ['phone', phone], ['domain', domain]] as const) {
    if (!value) continue;
    const rows = await db.selectFrom('customers').selectAll().where(reason, '=', value).orderBy('id').execute();
    for (const row of rows) push(row, reason);
  }

  const name = probe.name ? cleanQuery(probe.name) : undefined;
  if (name) {
    const query = comparableName(name);
    const stripped = sql`regexp_replace(lower(customers.name), ${COMPANY_SUFFIX_PG}, '')`;
    const rows = await withTrigramThresholds(db, (tx) =>
      tx
        .selectFrom('customers')
        .selectAll()
        .select(sql<number>`similarity(${stripped}, ${query})`.as('name_similarity'))
        .where(sql<boolean>`(lower(customers.name) % ${query} or ${query} <% lower(customers.name))`)
        .where(sql<boolean>`similarity(${stripped}, ${query}) >= ${DUPLICATE_NAME_SIMILARITY}`)
        .orderBy('name_similarity', 'desc')
        .limit(10)
        .execute(),
    );
    for (const { name_similarity, ...customer } of rows) push(customer, 'name', Math.round(Number(name_similarity) * 1000) / 1000);
  }
  return out;
}
