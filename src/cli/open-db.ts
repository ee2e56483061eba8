import { sql } from 'kysely';
import { EmbeddedDatabaseBusyError } from '../db/embedded-lock.js';
import { openDatabase, targetFromEnv, type OpenDatabase } from '../db/connect.js';
import { CliError } from './command.js';

/** Opens the configured database for one CLI command and always closes it. */
export async function withDatabase<T>(fn: (open: OpenDatabase) => Promise<T>, dataDir?: string): Promise<T> {
  let open: OpenDatabase;
  try {
    open = await openDatabase(targetFromEnv(process.env, dataDir));
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) throw new CliError(error.message);
    const target = targetFromEnv(process.env, dataDir);
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot open the database (${target.kind}): ${reason}`);
  }
  try {
    await sql`select 1`.execute(open.db);
  } catch (error) {
    await open.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot reach ${open.description}: ${reason}`);
  }
  try {
    return await fn(open);
  } finally {
    await open.close();
  }
}
