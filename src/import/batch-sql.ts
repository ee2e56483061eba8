import { sql, type RawBuilder } from 'kysely';
import type { Database, DbOrTx } from '../db/database.js';

/**
 * Set-based reads and writes for imports. Values travel as one array parameter per column
 * (`unnest($1::text[], …)`), so a statement carries thousands of rows far below Postgres'
 * 65,535-parameter limit and behaves the same on pg and PGlite.
 */
export type PgType = 'int8' | 'int4' | 'text' | 'timestamptz' | 'numeric';

const CHUNK = 5000;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `${values}::type[]`, with undefined sent as NULL. */
export const array = (values: unknown[], type: PgType): RawBuilder<unknown> =>
  sql`${values.map((v) => v ?? null)}::${sql.raw(type)}[]`;

/**
 * Ids taken from the table's identity sequence before inserting: children (contacts of new
 * customers, lines of new orders) need their parents' ids, and `returning` does not promise
 * to come back in input order.
 */
export async function allocateIds(db: DbOrTx, table: keyof Database, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::int8 as id from generate_series(1, ${count}::int)`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** Inserts rows with `insert … select * from unnest(…)`, CHUNK rows per statement. */
export async function insertRows<R extends Record<string, unknown>>(
  db: DbOrTx,
  table: keyof Database,
  columns: { [K in keyof R]: PgType },
  rows: R[],
): Promise<void> {
  const names = Object.keys(columns) as (keyof R & string)[];
  for (const part of chunks(rows)) {
    const arrays = names.map((name) => array(part.map((row) => row[name]), columns[name]));
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((name) => sql.ref(name)))})
      select * from unnest(${sql.join(arrays)})`.execute(db);
  }
}

/**
 * Fills only the empty columns of existing rows: `coalesce(current, new)` means an import never
 * overwrites what someone already typed in the CRM.
 */
export async function fillEmptyColumns<R extends { id: number } & Record<string, unknown>>(
  db: DbOrTx,
  table: 'customers' | 'contacts',
  columns: { [K in keyof R]: PgType },
  rows: R[],
): Promise<void> {
  const names = (Object.keys(columns) as (keyof R & string)[]).filter((n) => n !== 'id');
  for (const part of chunks(rows)) {
    const arrays = [array(part.map((r) => r.id), 'int8'), ...names.map((name) => array(part.map((row) => row[name]), columns[name]))];
    const sets = names.map((name) => sql`${sql.ref(name)} = coalesce(t.${sql.ref(name)}, u.${sql.ref(name)})`);
    await sql`update ${sql.table(table)} as t set ${sql.join(sets)}, updated_at = now()
      from unnest(${sql.join(arrays)}) as u(id, ${sql.join(names.map((n) => sql.ref(n)))})
      where t.id = u.id`.execute(db);
  }
}
