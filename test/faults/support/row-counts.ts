import { sql, type Kysely } from 'kysely';
import { TABLES, type Database } from '../../../src/db/database.js';

export type RowCounts = Record<(typeof TABLES)[number], number>;

/** Rows in every CRM table, in one query: the before/after picture of a command. */
export async function rowCounts(db: Kysely<Database>): Promise<RowCounts> {
  const parts = TABLES.map((t) => sql`select ${t}::text as t, count(*)::int4 as n from ${sql.table(t)}`);
  const { rows } = await sql<{ t: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)])) as RowCounts;
}

/** The tables whose counts differ, as `{ table: [before, after] }`; tables in `ignore` are skipped. */
export function changedTables(before: RowCounts, after: RowCounts, ignore: ReadonlyArray<keyof RowCounts> = []): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const t of TABLES) if (!ignore.includes(t) && before[t] !== after[t]) out[t] = [before[t], after[t]];
  return out;
}
