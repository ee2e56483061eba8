import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.js';
import { TABLES, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** TEST_DATABASE_URL (or DATABASE_URL) names a Postgres server to create throwaway databases on. */
export const postgresServerUrl = (): string | undefined =>
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export interface TestDatabase extends OpenDatabase {
  /** Empties every table and restarts identities and the ticket number sequence. */
  truncate(): Promise<void>;
  /** Drops the throwaway database (Postgres) and closes the connection. */
  dispose(): Promise<void>;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A fresh, migrated database: an in-memory PGlite, or a uniquely named Postgres database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = postgresServerUrl();
  let open: OpenDatabase;
  let drop = async () => {};
  if (server) {
    const name = `rapport_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    open = await openDatabase({ kind: 'postgres', url: withDatabaseName(server, name) });
    drop = async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    };
  } else {
    open = await openDatabase({ kind: 'pglite' });
  }
  await migrateToLatest(open.db);
  return {
    ...open,
    truncate: () => truncateAll(open.db),
    dispose: async () => {
      await open.close();
      await drop();
    },
  };
}

export async function truncateAll(db: Kysely<Database>): Promise<void> {
  await sql`truncate ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(db);
}

/**
 * For a test file: one migrated database for the file, emptied before each test.
 * Use `t.db` inside tests (available after beforeAll).
 */
export function useTestDatabase(options: { truncateEachTest?: boolean } = {}): { readonly db: Kysely<Database>; readonly handle: TestDatabase } {
  let handle: TestDatabase | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  if (options.truncateEachTest !== false) {
    beforeEach(async () => {
      await handle!.truncate();
    });
  }
  afterAll(async () => {
    await handle?.dispose();
  });
  return {
    get db() {
      if (!handle) throw new Error('test database not ready: use it inside tests or hooks');
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error('test database not ready');
      return handle;
    },
  };
}
