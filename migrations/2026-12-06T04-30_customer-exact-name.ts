// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * A customer's whole name as the name matcher compares it: lower case, each run of white space
 * one space, trimmed. "who is Acme Corp" is usually typed exactly; with this index the customer
 * named exactly that is one index lookup, where the fuzzy search (which finds it too) takes four
 * round trips and the typo scoring. Names written by the app are already spaced this way; the
 * expression also covers names inserted by other means.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index customers_name_exact on customers ((lower(btrim(regexp_replace(name, '\\s+', ' ', 'g'))) collate "C"))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists customers_name_exact`.execute(db);
}
