import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import {
  COMPANY_SUFFIX_PG, charLength, cleanQuery, comparableName, companyDomainFromEmail, escapeLike, looksLikeEmail, normaliseEmail,
  tryNormaliseDomain, tryNormalisePhone,
} from '../validation.js';
import type { Customer } from './customer.table.js';
import { MATCH_MIN, TYPO_MIN_LENGTH, TYPO_SIMILARITY, nameScore, osaSimilarity, tokens, trigramSimilarity } from './name-match.js';

export type MatchedOn = 'name' | 'contact' | 'email' | 'phone' | 'domain';

export interface CustomerCandidate {
  customer: Customer;
  /** 0..1; 1 means an exact email, phone, domain or full-name hit. */
  score: number;
  matchedOn: MatchedOn;
  /** Set when a contact of the customer is what matched. */
  contactName?: string;
}

// Rows of each table a name search reads: the old search ranked the 50 closest by trigram
// similarity; this one reads up to 50 names containing what was typed (more only match common
// words, and then rank by nameScore among equals).
const NAME_CANDIDATES = 50;
// Names starting with what was typed, read in order besides, so that an exact name is never
// among the rows a common word leaves unread.
const PREFIX_CANDIDATES = 20;
// At most this many words of a query take part in the search (longest first); hostile input can
// be thousands of words long.
const MAX_SEARCH_WORDS = 8;
// A contact's name is a weaker signal of the customer than the customer's own name.
const CONTACT_WEIGHT = 0.9;
// Exact hits tie at 1; the more specific evidence ranks first.
const PRIORITY: Record<MatchedOn, number> = { email: 0, phone: 1, domain: 2, name: 3, contact: 4 };

/**
 * Ranked customers for whatever the user typed: a name (typos and partial names included),
 * a contact's name, an email, a phone number, or a website/domain. Best first.
 */
export async function searchCustomers(db: DbOrTx, query: string, options: { limit?: number } = {}): Promise<CustomerCandidate[]> {
  const limit = options.limit ?? 10;
  const text = cleanQuery(query);
  if (!text) return [];
  const found: CustomerCandidate[] = [];
  const kind = queryKind(text);
  if (kind.email) {
    found.push(...(await byEmail(db, kind.email)));
    const domain = companyDomainFromEmail(kind.email);
    if (domain) found.push(...(await byDomain(db, domain)));
  } else {
    if (kind.phone) found.push(...(await byPhone(db, kind.phone)));
    if (kind.domain) found.push(...(await byDomain(db, kind.domain)));
    if (!kind.phone) found.push(...(await byName(db, text)));
  }
  return rank(found).slice(0, limit);
}

/** What a cleaned query can be besides a name: an email, a phone number, a website or domain. */
function queryKind(text: string): { email?: string; phone?: string; domain?: string } {
  if (looksLikeEmail(text)) return { email: normaliseEmail(text) };
  const digits = text.replace(/\D/g, '');
  const phone = /^[+\d\s().-]+$/.test(text) && digits.length >= 7 ? tryNormalisePhone(text) : undefined;
  const domainLike = /^(https?:\/\/|www\.)/i.test(text) || /^[^\s@/]+\.[a-z]{2,}(\/\S*)?$/i.test(text);
  return { phone, domain: domainLike ? tryNormaliseDomain(text) : undefined };
}

/** The expression of the customers_name_exact index: a name with spacing as nameScore compares it, lowercased. */
export const EXACT_NAME = sql<string>`lower(btrim(regexp_replace(customers.name, '\\s+', ' ', 'g'))) collate "C"`;

export interface ExactNameKey {
  /** The query as typed, cleaned. */
  text: string;
  /** What EXACT_NAME is compared with. */
  lowered: string;
}

/** What to look up by EXACT_NAME, or undefined when the query is not plain ASCII or could be an email, phone or domain. */
export function exactNameKey(query: string): ExactNameKey | undefined {
  const text = cleanQuery(query);
  if (!/^[\x20-\x7e]{1,200}$/.test(text)) return undefined;
  const kind = queryKind(text);
  if (kind.email || kind.phone || kind.domain) return undefined;
  return { text, lowered: text.toLowerCase() };
}

/**
 * Of the rows EXACT_NAME found (read with limit 2), the one customer named what was typed, as
 * nameScore judges it; undefined when none or several are.
 */
export function onlyExactName<T extends { name: string }>(key: ExactNameKey, rows: readonly T[]): T | undefined {
  return rows.length === 1 && nameScore(key.text, rows[0]!.name) === 1 ? rows[0] : undefined;
}

/**
 * The one customer whose whole name is exactly what was typed (case and spacing aside), read
 * by one index lookup; undefined when none or several are, or when the query could also be an
 * email, phone or domain. searchCustomers would rank that customer first with score 1 and
 * every other name below it (a contact's name scores at most 0.9), so resolveCustomer takes it
 * without the fuzzy search's four round trips. Plain ASCII queries only: Postgres's lower()
 * and JavaScript's toLowerCase() agree on those whatever the database's collation.
 */
export async function exactNameMatch(db: DbOrTx, query: string): Promise<CustomerCandidate | undefined> {
  const key = exactNameKey(query);
  if (!key) return undefined;
  const customer = onlyExactName(key, await db.selectFrom('customers').selectAll().where(EXACT_NAME, '=', key.lowered).limit(2).execute());
  return customer ? { customer, score: 1, matchedOn: 'name' } : undefined;
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

// ---- by name -----------------------------------------------------------------------------
//
// pg_trgm only narrows the candidates; nameScore ranks them. The search used to ask the gin
// index for every name similar to the whole query at thresholds loose enough for typos: for a
// common word ("… Systems", "Thomas …") thousands of rows, each rechecked and sorted (50–300 ms
// at 100k customers and 200k contacts). Now two statements, in one transaction:
//
//  1. typoSpellings (name_words): the words of names within a typo of each word typed
//     ("sytsems" → "systems", "ilsa" → "isla") or sharing most of its trigrams.
//  2. nameCandidates: up to NAME_CANDIDATES customers and as many contacts whose name contains,
//     for every word typed, that word or one of those spellings (the gin trigram indexes answer
//     `like '%word%'` exactly, and the words narrow each other), plus the PREFIX_CANDIDATES
//     customers whose name starts with the query. Every way nameScore rates a name 0.55 or
//     more (exact, the words in order, a prefix, a substring, typos in words) contains every
//     word typed or one of its spellings, bar names it rates by trigrams alone with a word
//     more or less than typed ("Fairbridge Market" 0.65 for "fairbridge mac").
//  3. Only when nothing reached MATCH_MIN and several words were typed: names with all the
//     words but one ("Globex" for "Globex Trading"), so there is something to suggest.

// TYPO_MIN_LENGTH and TYPO_SIMILARITY are nameScore's own typo rule (name-match.ts);
// name_words holds no word shorter than TYPO_MIN_LENGTH.
/** Trigram similarity at which a word of a name stands in for a word typed ("ins" → "inns"). */
const WORD_TRIGRAM_SIMILARITY = 0.5;
/** `like '%w%'` needs three characters to use a trigram index. */
const INDEXED_WORD_LENGTH = 3;

async function byName(db: DbOrTx, text: string): Promise<CustomerCandidate[]> {
  const query = comparableName(text);
  const words = [...new Set(tokens(query))]
    .filter((w) => charLength(w) >= INDEXED_WORD_LENGTH)
    .sort((a, b) => charLength(b) - charLength(a))
    .slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return scoreNames(text, await byShortName(db, query));
  if (db.isTransaction) return byWords(db as Transaction<Database>, text, query, words, true);
  // set_config(…, true) ends with this transaction: nothing to put back.
  return db.transaction().execute((tx) => byWords(tx, text, query, words, false));
}

/** `restore`: put the caller's enable_seqscan back after (inside the caller's transaction). */
async function byWords(tx: Transaction<Database>, text: string, query: string, words: string[], restore: boolean): Promise<CustomerCandidate[]> {
  const { spellings, seqscan } = await typoSpellings(tx, words);
  let found = scoreNames(text, await nameCandidates(tx, [words.map((w) => spellings.get(w)!)], query));
  if (words.length > 1 && !found.some((c) => c.score >= MATCH_MIN)) {
    const allButOne = words.map((_, skip) => words.filter((__, i) => i !== skip).map((w) => spellings.get(w)!));
    found = [...found, ...scoreNames(text, await nameCandidates(tx, allButOne, null))];
  }
  if (restore) await sql`select set_config('enable_seqscan', ${seqscan}, true)`.execute(tx);
  return found;
}

interface NameRow extends Customer {
  contact_name: string | null;
}

function scoreNames(text: string, rows: NameRow[]): CustomerCandidate[] {
  // Same-named customers and contacts are common ("Thomas Johnson" at forty companies).
  const scores = new Map<string, number>();
  const score = (name: string) => {
    let s = scores.get(name);
    if (s === undefined) scores.set(name, (s = nameScore(text, name)));
    return s;
  };
  const out: CustomerCandidate[] = [];
  for (const { contact_name, ...customer } of rows) {
    if (contact_name === null) {
      const s = score(customer.name);
      if (s >= 0.2) out.push({ customer, score: s, matchedOn: 'name' });
    } else {
      const s = Math.round(score(contact_name) * CONTACT_WEIGHT * 1000) / 1000;
      if (s >= 0.2) out.push({ customer, score: s, matchedOn: 'contact', contactName: contact_name });
    }
  }
  return out;
}

/**
 * Each word, followed by the words of name_words that nameScore would take for a typo of it, or
 * that share most of its trigrams (its trigram similarity counts the trigrams of whole names,
 * in any order: "stark industries" ~ "starmark industries" 0.85). Words spelled right get
 * theirs too: nameScore rates "Lakeford Chambers" 0.75 for "oakford chabmers" (Oakford Chambers
 * 0.8), close enough to ask which.
 *
 * The same statement turns sequential scans off for the rest of the transaction (and returns
 * the value it replaced). Each branch of nameCandidates stops at its LIMIT; seeing a common
 * word the planner expects many matches and prefers reading the table until it has enough,
 * which for a word common in the statistics but rare in the first pages of the heap (or absent:
 * contacts) means reading all of it, 35 ms and more at 100k customers. The gin indexes answer
 * every branch from a few pages.
 */
async function typoSpellings(tx: Transaction<Database>, words: string[]): Promise<{ spellings: Map<string, string[]>; seqscan: string }> {
  const typoable = words.filter((w) => charLength(w) >= TYPO_MIN_LENGTH);
  // The trigram lookup as a lateral join: with the word a parameter the planner takes the gin
  // index, where with the words inline it scans the table and computes similarity for each row.
  const nearby = sql`
    ${typoable.length > 0 ? sql`select word from name_words where ${sql.join(typoable.flatMap(nearbyWords), sql` or `)} union ` : sql``}
    select n.word from unnest(${sql.val(words)}::text[]) as typed(word)
    cross join lateral (select word from name_words where word % typed.word) n`;
  // Select-list items are evaluated left to right: the value in force is read before it is replaced.
  const { rows: [row] } = await sql<{ seqscan: string; words: string[] }>`
    select current_setting('enable_seqscan') as seqscan, set_config('enable_seqscan', 'off', true), array(${nearby}) as words`.execute(tx);
  const spellings = new Map(words.map((w) => [w, [w]]));
  for (const w of words) {
    const list = spellings.get(w)!;
    const letters = charLength(w);
    for (const word of new Set(row!.words)) {
      if (word === w) continue;
      // At least one edit per letter of difference in length (osaSimilarity divides by the longer
      // word's .length, never less than its letters): most words fail on length alone.
      const typo = letters >= TYPO_MIN_LENGTH && 1 - Math.abs(letters - charLength(word)) / Math.max(w.length, word.length) >= TYPO_SIMILARITY &&
        osaSimilarity(w, word) >= TYPO_SIMILARITY;
      if (typo || trigramSimilarity(w, word) >= WORD_TRIGRAM_SIMILARITY) list.push(word);
    }
  }
  return { spellings, seqscan: row!.seqscan };
}

/**
 * Conditions on name_words that hold for every word within one edit of `word` (and for most
 * within two): one edit cannot change both its first and its last letters (two or three, the
 * more the longer the word), except an adjacent swap in a four-letter word, listed outright.
 * The length bounds follow from TYPO_SIMILARITY. Each is a btree range scan.
 */
function nearbyWords(word: string) {
  const letters = [...word];
  const n = letters.length;
  const shortest = Math.max(TYPO_MIN_LENGTH, Math.ceil(TYPO_SIMILARITY * n));
  const longest = Math.floor(n / TYPO_SIMILARITY);
  const k = n >= 8 ? 3 : 2;
  const head = escapeLike(letters.slice(0, k).join(''));
  const tail = escapeLike(letters.slice(-k).reverse().join(''));
  const swaps = letters.slice(0, -1).map((_, i) => {
    const swapped = [...letters];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    return swapped.join('');
  });
  return [
    sql<boolean>`(word like ${`${head}%`} and length(word) between ${shortest} and ${longest})`,
    sql<boolean>`(reverse(word) like ${`${tail}%`} and length(word) between ${shortest} and ${longest})`,
    sql<boolean>`word = any(${sql.val(swaps)}::text[])`,
  ];
}

/** `column` contains, for every group, one of its spellings. */
function containsAll(column: 'customers.name' | 'contacts.name', groups: string[][]) {
  const ref = sql.ref(column);
  return sql.join(
    groups.map((spellings) => sql`(${sql.join(spellings.map((w) => sql`lower(${ref}) like ${`%${escapeLike(w)}%`}`), sql` or `)})`),
    sql` and `,
  );
}

/**
 * For each of the `alternatives` (a list of words, each word a list of spellings): up to
 * NAME_CANDIDATES customers whose name, and as many contacts whose name, contains one spelling of
 * every word; plus the customers whose name starts with `prefix`.
 */
async function nameCandidates(db: DbOrTx, alternatives: string[][][], prefix: string | null): Promise<NameRow[]> {
  const branches = alternatives.flatMap((groups) => [
    sql`(select customers.*, null::text as contact_name from customers
         where ${containsAll('customers.name', groups)} limit ${NAME_CANDIDATES})`,
    sql`(select customers.*, k.name from (
           select contacts.customer_id, contacts.name from contacts
           where ${containsAll('contacts.name', groups)} limit ${NAME_CANDIDATES}
         ) k join customers on customers.id = k.customer_id)`,
  ]);
  if (prefix !== null) {
    branches.push(sql`(select customers.*, null::text from customers
      where lower(customers.name) collate "C" like ${`${escapeLike(prefix)}%`}
      order by lower(customers.name) collate "C" limit ${PREFIX_CANDIDATES})`);
  }
  const { rows } = await sql<NameRow>`${sql.join(branches, sql` union all `)}`.execute(db);
  return rows;
}

/** Queries without a word of three characters ("um", "3M", "HP Inc"): names with a word starting so. */
async function byShortName(db: DbOrTx, query: string): Promise<NameRow[]> {
  const escaped = escapeLike(query);
  const starts = (column: 'customers.name' | 'contacts.name') => {
    const ref = sql.ref(column);
    return sql`(lower(${ref}) like ${`${escaped}%`} or lower(${ref}) like ${`% ${escaped}%`})`;
  };
  const closeness = (column: 'customers.name' | 'contacts.name') => {
    const ref = sql.ref(column);
    return sql`greatest(similarity(lower(${ref}), ${query}), word_similarity(${query}, lower(${ref})))`;
  };
  const { rows } = await sql<NameRow>`
    (select customers.*, null::text as contact_name from customers where ${starts('customers.name')}
     order by ${closeness('customers.name')} desc limit ${NAME_CANDIDATES})
    union all
    (select customers.*, contacts.name from contacts join customers on customers.id = contacts.customer_id
     where ${starts('contacts.name')} order by ${closeness('contacts.name')} desc limit ${NAME_CANDIDATES})`.execute(db);
  return rows;
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
    // Word similarity of the query to the whole stored name is never below its similarity to the
    // suffix-free name (a leading extent of it), so `<%` at 0.6 keeps every row the rule accepts,
    // and the gin index reads only those; the search's looser thresholds read thousands.
    const rows = await withWordSimilarityThreshold(db, DUPLICATE_NAME_SIMILARITY, (tx) =>
      tx
        .selectFrom('customers')
        .selectAll()
        .select(sql<number>`similarity(${stripped}, ${query})`.as('name_similarity'))
        .where(sql<boolean>`${query} <% lower(customers.name)`)
        .where(sql<boolean>`similarity(${stripped}, ${query}) >= ${DUPLICATE_NAME_SIMILARITY}`)
        .orderBy('name_similarity', 'desc')
        .limit(10)
        .execute(),
    );
    for (const { name_similarity, ...customer } of rows) push(customer, 'name', Math.round(Number(name_similarity) * 1000) / 1000);
  }
  return out;
}

/**
 * Runs `fn` with pg_trgm.word_similarity_threshold (the `<%` operator) at `value`: in a
 * transaction of its own, or inside the caller's, putting the caller's value back after.
 */
async function withWordSimilarityThreshold<T>(db: DbOrTx, value: number, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  const set = (to: string) => sql`set_config('pg_trgm.word_similarity_threshold', ${to}, true)`;
  if (!db.isTransaction) {
    // set_config(…, true) ends with the transaction: nothing to put back.
    return db.transaction().execute(async (tx) => {
      await sql`select ${set(String(value))}`.execute(tx);
      return fn(tx);
    });
  }
  const tx = db as Transaction<Database>;
  // Select-list items are evaluated left to right: read the value in force, then replace it. The
  // setting is unknown (null) until pg_trgm is loaded in the session: then put back its default.
  const { rows: [previous] } = await sql<{ value: string | null }>`
    select current_setting('pg_trgm.word_similarity_threshold', true) as value, ${set(String(value))}`.execute(tx);
  const result = await fn(tx);
  await sql`select ${set(previous?.value || '0.6')}`.execute(tx);
  return result;
}
