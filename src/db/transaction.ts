import type { Transaction } from 'kysely';
import type { Database, DbOrTx } from './database.js';

/**
 * Runs `fn` in a transaction: joins the caller's transaction when `db` already is one (so a
 * dispatcher-level transaction wraps the whole command), otherwise opens and commits its own.
 */
export async function inTransaction<T>(db: DbOrTx, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}
