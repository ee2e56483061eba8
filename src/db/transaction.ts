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

type Reads = ReadonlyArray<() => Promise<unknown>>;

/**
 * Independent reads, each as one function: on the pool they go out at once (the wall time of
 * the slowest, not of the sum); in a transaction, which is a single connection, one after the
 * other. Results in the order given.
 */
export async function readTogether<T extends Reads>(db: DbOrTx, reads: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Out = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (!db.isTransaction) return (await Promise.all(reads.map((read) => read()))) as Out;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as Out;
}
