// Frozen in time: never import application code here.
//
// What the customer search (src/crm/customers/customer-search.ts) reads to find a name without
// asking pg_trgm for every similar row. At 100k customers and 200k contacts (--scale 333) a
// similarity filter loose enough for typos matched thousands of rows for common words ("…
// Systems", "Thomas …": one trigram recheck each, 50–300 ms a lookup); a gist_trgm_ops index
// ordered by distance (KNN) read most of the index before its first row (40–240 ms: the page
// signatures of names made of a few hundred common words are nearly full).
//
// name_words: every distinct word (lower case, 4 characters or more) of customers' and contacts'
//   names. The search looks up the few words within a typo or two of each word typed ("sytsems" →
//   "systems"; by shared first or last letters and length on the btree indexes below) or sharing
//   most of its trigrams ("stark" → "starmark"; gin), and then asks for names containing one of
//   those words for every word typed, which the gin trigram indexes of the names answer
//   precisely. Words stay when the last name using them goes (a stale word
//   matches nothing). No unique key: two imports adding the same new word never wait on each
//   other; the search reads distinct words.
//
// customers_name_lower: names that start with what was typed, in order, for the exact and
//   "starts with" candidates when a common word matches more rows than the search reads.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // collate "C": `word like 'sy%'` and `reverse(word) like 'sm%'` are btree range scans.
  await sql`create table name_words (word text collate "C" not null)`.execute(db);
  await sql`
    insert into name_words (word)
    select distinct w from (
      select lower(name) as name from customers
      union
      select lower(name) from contacts
    ) n, regexp_split_to_table(n.name, '[^[:alnum:]]+') as w
    where length(w) >= 4`.execute(db);
  await sql`create index name_words_word on name_words (word)`.execute(db);
  await sql`create index name_words_reverse on name_words (reverse(word))`.execute(db);
  await sql`create index name_words_trgm on name_words using gin (word gin_trgm_ops)`.execute(db);
  await sql`create index customers_name_lower on customers ((lower(name) collate "C"))`.execute(db);

  // Statement-level, so a batch insert (seed, import) adds its words in one statement. Update
  // triggers with transition tables cannot name columns: every update of the table runs it, an
  // index probe per word of the updated rows.
  await sql`
    create function name_words_add() returns trigger language plpgsql as $$
    begin
      insert into name_words (word)
      select w from (
        select distinct w from changed, regexp_split_to_table(lower(changed.name), '[^[:alnum:]]+') as w
        where length(w) >= 4
      ) s
      where not exists (select 1 from name_words n where n.word = s.w);
      return null;
    end
    $$`.execute(db);
  for (const table of ['customers', 'contacts']) {
    for (const event of ['insert', 'update']) {
      await sql`
        create trigger ${sql.raw(`${table}_name_words_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as changed for each statement execute function name_words_add()`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['customers', 'contacts']) {
    for (const event of ['insert', 'update']) {
      await sql`drop trigger if exists ${sql.raw(`${table}_name_words_${event}`)} on ${sql.table(table)}`.execute(db);
    }
  }
  await sql`drop function if exists name_words_add()`.execute(db);
  await sql`drop index if exists customers_name_lower`.execute(db);
  await sql`drop table if exists name_words`.execute(db);
}
