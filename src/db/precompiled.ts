import { CompiledQuery, type Compilable } from 'kysely';
import type { DbOrTx } from './database.js';

const SLOT = Symbol('precompiled parameter');

interface Slot {
  readonly [SLOT]: string;
}

function isSlot(value: unknown): value is Slot {
  return typeof value === 'object' && value !== null && SLOT in value;
}

/** Puts a named value where a value goes; Kysely binds it as a parameter like any other. */
export type Param<P> = <K extends keyof P & string>(name: K) => P[K];

export interface Precompiled<P, R> {
  /** Sends the statement with these values; the rows it returned. */
  execute(db: DbOrTx, values: P): Promise<R[]>;
}

/**
 * A statement Kysely builds and compiles once, then sends with new values each time. Building
 * and compiling a query is a sixth of the bot's CPU per message, most of it on the same few
 * statements (the customer card; the dispatcher's user load, event mark and memory save).
 * `build` writes the query as usual with `param(name)` in place of each value that changes;
 * values Kysely binds itself (a `limit(3)`, an `in` list) stay as compiled.
 *
 * A database with Kysely plugins (the bench's QueryRecorder) gets the query built afresh with
 * the real values, so every plugin still sees and transforms it.
 */
export function precompiled<P extends object, R>(build: (db: DbOrTx, param: Param<P>) => Compilable<R>): Precompiled<P, R> {
  let compiled: { sql: string; values: (values: P) => unknown[] } | undefined;
  const compile = (db: DbOrTx) => {
    const query = build(db, ((name: string) => ({ [SLOT]: name })) as Param<P>).compile();
    const sources = query.parameters.map((value) => (isSlot(value) ? value[SLOT] : { constant: value }));
    return {
      sql: query.sql,
      values: (values: P) => sources.map((source) => (typeof source === 'string' ? values[source as keyof P] : source.constant)),
    };
  };
  return {
    async execute(db, values) {
      if (db.getExecutor().plugins.length > 0) {
        const result = await db.executeQuery(build(db, ((name) => values[name]) as Param<P>));
        return result.rows;
      }
      compiled ??= compile(db);
      return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, compiled.values(values)))).rows;
    },
  };
}
