import { sql } from 'kysely';
import { openDatabase, targetFromEnv, type OpenDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createUnderstanding } from '../intents/llm/understand.js';
import { llmFromEnv } from '../intents/llm/llm-parser.js';
import { seedDemo } from '../seed/seed-demo.js';
import { dispatchQueueOptionsFromEnv, queueDispatches } from './dispatch-queue.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import { createLogger, type Logger } from './logger.js';

export interface AppOptions {
  /** Embedded data folder; ignored when DATABASE_URL is set. */
  dataDir?: string;
  /** Seed the demo company when the database has no customers yet. */
  seedIfEmpty?: boolean;
  now?: () => Date;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
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
    const understanding = createUnderstanding({ llm: llmFromEnv(env), logger });
    // Every adapter acks first and then dispatches: the queue decides how many run at once.
    const dispatcher = queueDispatches(createDispatcher({ db: database.db, logger, understanding, now: options.now }), {
      ...dispatchQueueOptionsFromEnv(env, database.target.kind === 'pglite'),
      logger,
    });
    return { database, dispatcher, logger, seeded, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
