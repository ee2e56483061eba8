import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Database } from '../../../src/db/database.js';

/** An error shaped like the one node-postgres raises when the server is shut down mid-query. */
export function connectionLost(): Error {
  return Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
}

export interface FaultyDb {
  db: Kysely<Database>;
  /** How many queries went through since the last `reset`. */
  readonly count: number;
  /**
   * Fails the `n`th query from now (1-based): `before` it reaches the database, or `after` it ran
   * there but before its answer came back (the write happened, the caller only sees an error).
   */
  failAt(n: number, when: 'before' | 'after', error?: () => Error): void;
  /** Stops failing and restarts the count. */
  reset(): void;
}

/**
 * The same database seen through a plugin that can fail any one query: every query the
 * dispatcher and handlers run (transactions included) goes through it, so a test can break
 * the database at each step of a command and check what is left behind.
 */
export function faultyDb(db: Kysely<Database>): FaultyDb {
  let count = 0;
  let failing: { n: number; when: 'before' | 'after'; error: () => Error } | undefined;
  const failAfter = new WeakSet<object>();
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      count++;
      if (failing && count === failing.n) {
        if (failing.when === 'before') throw failing.error();
        failAfter.add(args.queryId);
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (failing && failAfter.has(args.queryId)) throw failing.error();
      return args.result;
    },
  };
  return {
    db: db.withPlugin(plugin),
    get count() {
      return count;
    },
    failAt(n, when, error = connectionLost) {
      count = 0;
      failing = { n, when, error };
    },
    reset() {
      count = 0;
      failing = undefined;
    },
  };
}
