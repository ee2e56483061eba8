import { sql } from 'kysely';
import { openDatabase, targetFromEnv, type OpenDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemo } from '../seed/seed-demo.js';
import { dispatchQueueOptionsFromEnv, queueDispatches } from './dispatch-queue.js';
import type { Dispatcher } from './dispatcher.js';
import { createAppDispatcher, startDispatchThread, type ThreadDispatcher } from './dispatch-thread.js';
import { createLogger, type Logger } from './logger.js';

export interface AppOptions {
  /** Embedded data folder; ignored when DATABASE_URL is set. */
  dataDir?: string;
  /** Seed the demo company when the database has no customers yet. */
  seedIfEmpty?: boolean;
  now?: () => Date;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /**
   * Run the dispatcher on a thread of its own (src/app/dispatch-thread.ts), so that the main
   * thread's acks never wait behind messages being answered. Postgres only, and not with `now`
   * (a clock cannot cross to the thread); ignored otherwise.
   */
  dispatchThread?: boolean;
}

export interface App {
  database: OpenDatabase;
  dispatcher: Dispatcher;
  logger: Logger;
  /** Set when the demo company was loaded during start-up. */
  seeded?: { customers: number };
  close(): Promise<void>;
}

/** Opens and migrates the database, seeds the demo when asked, and wires the dispatcher behind its queue. */
export async function startApp(options: AppOptions = {}): Promise<App> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  const database = await openDatabase(targetFromEnv(env, options.dataDir));
  try {
    await migrateToLatest(database.db);
    let seeded: App['seeded'];
    if (options.seedIfEmpty) {
      const { n } = await sql<{ n: number }>`select count(*)::int8 as n from customers`.execute(database.db).then((r) => r.rows[0]!);
      if (n === 0) {
        const counts = await seedDemo(database.db, { now: (options.now ?? (() => new Date()))() });
        seeded = { customers: counts.customers ?? 0 };
      }
    }
    const thread: ThreadDispatcher | undefined = options.dispatchThread && database.target.kind === 'postgres' && !options.now
      ? await startDispatchThread({ target: database.target, env, logger })
      : undefined;
    // Every adapter acks first and then dispatches: the queue decides how many run at once.
    // It stays on this thread, so replies come back to be delivered at the pace it lets them.
    const dispatcher = queueDispatches(thread ?? createAppDispatcher(database.db, env, logger, options.now), {
      ...dispatchQueueOptionsFromEnv(env, database.target.kind === 'pglite'),
      logger,
    });
    const close = async () => {
      await thread?.close();
      await database.close();
    };
    return { database, dispatcher, logger, seeded, close };
  } catch (error) {
    await database.close();
    throw error;
  }
}
