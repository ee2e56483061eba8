import type {
  CompiledQuery, Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Records the statements a handler sends, so the bench can replay "the same question as bare
 * SQL" without keeping a hand-written copy of every report query in step with the code.
 * A Kysely plugin sees every statement (query builder and sql`` alike) before it is compiled;
 * BEGIN/COMMIT are the driver's and are not seen.
 */
export class QueryRecorder implements KyselyPlugin {
  private recording = false;
  private nodes: PluginTransformQueryArgs[] = [];

  start(): void {
    this.recording = true;
    this.nodes = [];
  }

  /** How many statements were recorded so far. */
  get size(): number {
    return this.nodes.length;
  }

  /** Stops and returns what was recorded, compiled to SQL text and parameters. */
  stop(db: Kysely<any>): CompiledQuery[] {
    this.recording = false;
    const executor = db.getExecutor();
    return this.nodes.map(({ node, queryId }) => executor.compileQuery(node, queryId));
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording) this.nodes.push(args);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * The dispatcher's own bookkeeping, which is not part of "the question": event idempotency,
 * conversation memory and the audit trail.
 */
const BOOKKEEPING = /\b(processed_events|conversation_state|audit_log)\b/i;

export function isBookkeeping(query: CompiledQuery): boolean {
  return BOOKKEEPING.test(query.sql);
}

/** Lowered pg_trgm thresholds are transaction-local: such a sequence replays in a transaction. */
export function needsTransaction(queries: readonly CompiledQuery[]): boolean {
  return queries.some((q) => /\bset_config\s*\(/i.test(q.sql));
}

/** Replays recorded statements one after the other on the same database. */
export async function replay(db: Kysely<any>, queries: readonly CompiledQuery[], inTransaction: boolean): Promise<void> {
  if (inTransaction) {
    await db.transaction().execute(async (tx) => {
      for (const q of queries) await tx.executeQuery(q);
    });
    return;
  }
  await db.connection().execute(async (conn) => {
    for (const q of queries) await conn.executeQuery(q);
  });
}
