import type pg from 'pg';

/**
 * Named (prepared) statements for the SQL the bot sends again and again. Kysely sends every
 * statement unnamed, so Postgres parses, analyses and plans it each time, though a chat bot
 * sends the same few dozen texts (who is this user, the customer card, the open tickets) with
 * new parameters. Named, a statement is parsed once per connection and its plan can be reused:
 * Postgres plans the first five executions with their values, then keeps a generic plan only
 * when it is not estimated dearer (`plan_cache_mode`, which PGOPTIONS can change).
 *
 * Bounded, so one-off texts (an import's batches, a search with a new number of words) do not
 * pile up on every connection: a text is named on its second use, only while fewer than
 * `maxNamed` texts have names, and never when it is long or has many parameters.
 */
export interface StatementNamesOptions {
  maxNamed: number;
  maxTextLength: number;
  maxParameters: number;
  /** Texts remembered as seen once; the set starts over when full. */
  maxSeen: number;
}

export const STATEMENT_NAMES: StatementNamesOptions = { maxNamed: 200, maxTextLength: 8000, maxParameters: 64, maxSeen: 2000 };

export class StatementNames {
  private readonly names = new Map<string, string>();
  private seen = new Set<string>();
  private issued = 0;

  constructor(private readonly options: StatementNamesOptions = STATEMENT_NAMES) {}

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string, parameterCount: number): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    const { maxNamed, maxTextLength, maxParameters, maxSeen } = this.options;
    if (parameterCount === 0 || parameterCount > maxParameters || text.length > maxTextLength || this.names.size >= maxNamed) return undefined;
    if (!this.seen.has(text)) {
      if (this.seen.size >= maxSeen) this.seen = new Set();
      this.seen.add(text);
      return undefined;
    }
    this.seen.delete(text);
    const name = `rapport_${++this.issued}`;
    this.names.set(text, name);
    return name;
  }

  /** Stops sending `text` under its name; it earns a new one (never an old one) by being used again. */
  forget(text: string): void {
    this.names.delete(text);
  }

  get size(): number {
    return this.names.size;
  }
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * A prepared `select *` whose table gained or lost a column since (a migration run while the bot
 * is up) fails with this on every later execution on that connection.
 */
export function isStaleResultType(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}

/**
 * Makes `client.query(text, values)` (how Kysely's Postgres driver sends every statement) send
 * a named statement when `names` gives one. Other forms (query configs, cursors, callbacks) pass
 * through untouched.
 *
 * A statement whose prepared result type went stale is forgotten, so it is prepared afresh under
 * a new name; outside a transaction it is sent again at once, unnamed, and the caller never sees
 * the error. Inside one the transaction has failed, and the error stands (the write rolls back).
 */
export function nameRepeatedStatements(client: pg.ClientBase, names: StatementNames): void {
  const query = client.query.bind(client) as QueryFn;
  const named: QueryFn = (config, values, ...rest) => {
    if (typeof config === 'string' && Array.isArray(values) && rest.length === 0) {
      const name = names.nameFor(config, values.length);
      if (name !== undefined) {
        return (query({ name, text: config, values }) as Promise<unknown>).catch((error: unknown) => {
          if (!isStaleResultType(error)) throw error;
          names.forget(config);
          if ((client as pg.Client).getTransactionStatus?.() !== 'I') throw error;
          return query(config, values);
        });
      }
    }
    return query(config, values, ...rest);
  };
  (client as unknown as { query: QueryFn }).query = named;
}
