import { sql, type Kysely } from 'kysely';
import { TABLES, type Database } from '../../../src/db/database.js';

/** Every row of every CRM table as Postgres sees it, except the audit trail and chat bookkeeping. */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    if (['audit_log', 'processed_events', 'conversation_state'].includes(table)) continue;
    const { rows } = await sql<{ row: string }>`select to_jsonb(x)::text as row from ${sql.table(table)} x`.execute(db);
    out[table] = rows.map((r) => r.row).sort();
  }
  return out;
}

