import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './database.js';
import { EmbeddedLock } from './embedded-lock.js';
import { StatementNames, nameRepeatedStatements } from './prepared-statements.js';
import { OID, keepText, parseInt8 } from './types.js';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** dataDir undefined: in memory (tests). */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export interface OpenDatabase {
  db: Kysely<Database>;
  target: DatabaseTarget;
  /** Human description with any password hidden. */
  description: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = './.rapport/data';

/** DATABASE_URL → Postgres; otherwise embedded PGlite in RAPPORT_DATA_DIR (default ./.rapport/data). */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env, dataDirOverride?: string): DatabaseTarget {
  if (env.DATABASE_URL && !dataDirOverride) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: dataDirOverride ?? env.RAPPORT_DATA_DIR ?? DEFAULT_DATA_DIR };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '*****';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'postgres') return `Postgres at ${redactUrl(target.url)}`;
  return target.dataDir ? `embedded PGlite in ${path.resolve(target.dataDir)}` : 'embedded PGlite in memory';
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.INT8) return parseInt8;
    if (oid === OID.NUMERIC || oid === OID.DATE) return keepText;
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Settings for every pooled session. A chat bot runs many short queries side by side, so both
 * of Postgres's ways of spending more CPU on one query lose:
 *  - JIT compilation costs more than it saves on queries of a few milliseconds;
 *  - parallel workers: starting them took 10–40 ms on the 2-core bench machine, more than the
 *    reports they split (the pipeline report 53 → 22 ms, activities 62 → 30 ms at 100k customers
 *    without them), and under load they take the cores other messages are waiting for.
 * PGOPTIONS (libpq's variable) comes last, so a setting there wins, e.g.
 * `PGOPTIONS='-c max_parallel_workers_per_gather=2'` on a database server with cores to spare.
 */
export function sessionOptions(env: NodeJS.ProcessEnv = process.env): string {
  return ['-c jit=off -c max_parallel_workers_per_gather=0', env.PGOPTIONS?.trim()].filter(Boolean).join(' ');
}

/**
 * Named statements on (the default), unless DATABASE_PREPARE=off: a connection pooler in
 * transaction mode (PgBouncer before 1.21) cannot keep a connection's prepared statements.
 */
export function preparedStatementsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !/^(off|false|0|no)$/i.test(env.DATABASE_PREPARE?.trim() ?? '');
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  const description = describeTarget(target);
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      types: pgTypes as pg.CustomTypesConfig,
      connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5000),
      options: sessionOptions(),
    });
    // An idle client whose server went away (restart, failover) emits 'error' on the pool; without
    // a listener Node would crash the bot. The pool drops that client and the next query reconnects.
    pool.on('error', (error) => {
      process.emitWarning(`Postgres connection lost: ${error.message}`);
    });
    // The same for a client that is checked out but between queries (mid-transaction): the pool
    // only listens while a client is idle, and an unheard 'error' would crash the process. The
    // query in flight still fails with its own error and the broken client is dropped on release.
    const names = preparedStatementsEnabled() ? new StatementNames() : undefined;
    pool.on('connect', (client) => {
      client.on('error', (error) => process.emitWarning(`Postgres connection lost: ${error.message}`));
      if (names) nameRepeatedStatements(client, names);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, description, close: () => db.destroy() };
  }

  const lock = target.dataDir ? EmbeddedLock.acquire(target.dataDir) : undefined;
  try {
    if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
    const pglite = await PGlite.create(target.dataDir, {
      extensions: { pg_trgm },
      parsers: { [OID.INT8]: parseInt8, [OID.NUMERIC]: keepText, [OID.DATE]: keepText },
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      target,
      description,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
