import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/db/database.js';
import type { Block, Reply } from '../../../src/reply/reply.js';

export const NY = 'America/New_York';

export type TableBlock = Extract<Block, { type: 'table' }>;

export const tablesOf = (r: Reply): TableBlock[] => r.blocks.filter((b): b is TableBlock => b.type === 'table');

export function headerOf(r: Reply): string | undefined {
  const block = r.blocks.find((b) => b.type === 'header');
  return block?.type === 'header' ? block.text : undefined;
}

/** The first text block after the header: the report's headline. */
export function headlineOf(r: Reply): string {
  const block = r.blocks.find((b) => b.type === 'text');
  return block?.type === 'text' ? block.text : '';
}

/** A column's cells, by the column's label. */
export function column(t: TableBlock, label: string): string[] {
  const col = t.columns.find((c) => c.label === label);
  if (!col) throw new Error(`no column ${label} in ${t.columns.map((c) => c.label).join(', ')}`);
  return t.rows.map((row) => row[col.key] ?? '');
}

/** "$1,234.50" → 123450n cents: compares rendered money without floats. */
export function cents(cell: string): bigint {
  const match = /^(-)?\$([\d,]+)\.(\d{2})$/.exec(cell.trim());
  if (!match) throw new Error(`not a dollar amount: ${cell}`);
  const value = BigInt(match[2]!.replace(/,/g, '')) * 100n + BigInt(match[3]!);
  return match[1] ? -value : value;
}

/**
 * "$1,234.50" for a numeric computed in SQL, formatted by Postgres itself (to_char) so the
 * expectation shares no code with the formatter under test.
 */
export async function sqlDollars(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select '$' || to_char((${query})::numeric, 'FM999,999,999,990.00') as v`.execute(db);
  return rows[0]!.v;
}

export async function userId(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return Number(row.id);
}
