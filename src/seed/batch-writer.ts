// Buffers generated rows per table and writes them with `insert … select * from unnest($1::t[], …)`:
// one bind parameter per column instead of per value, so a statement can carry thousands of rows
// far below Postgres' 65,535-parameter limit, and the server parses one small statement per batch.
// Works the same on pg and PGlite (both serialise JS arrays to Postgres array literals).
import { sql, type Insertable } from 'kysely';
import type { Database, DbOrTx } from '../db/database.js';

/** Tables the seeder writes, parents before children: the order rows are flushed in. */
export const SEED_TABLES = [
  'users', 'products', 'campaigns', 'customers', 'contacts', 'activities', 'orders', 'order_lines',
  'tickets', 'ticket_comments', 'deals', 'deal_stage_history', 'campaign_members', 'reminders',
] as const satisfies readonly (keyof Database)[];
export type SeedTable = (typeof SEED_TABLES)[number];

/** Every column spelled out (ids and timestamps too): defaults like now() would break determinism. */
export type SeedRow<T extends SeedTable> = Required<Insertable<Database[T]>>;

type PgType = 'int8' | 'int4' | 'text' | 'timestamptz' | 'date' | 'numeric' | 'bool';
type ColumnTypes<T extends SeedTable> = { readonly [K in keyof SeedRow<T>]-?: PgType };

const ts = 'timestamptz';
const COLUMNS: { readonly [T in SeedTable]: ColumnTypes<T> } = {
  users: { id: 'int8', name: 'text', email: 'text', role: 'text', time_zone: 'text', created_at: ts, deactivated_at: ts },
  products: { id: 'int8', sku: 'text', name: 'text', unit_price: 'numeric', currency: 'text', active: 'bool', created_at: ts },
  campaigns: {
    id: 'int8', name: 'text', channel: 'text', budget: 'numeric', currency: 'text', starts_on: 'date', ends_on: 'date', created_at: ts,
  },
  customers: {
    id: 'int8', kind: 'text', name: 'text', domain: 'text', industry: 'text', email: 'text', phone: 'text', owner_id: 'int8',
    lifecycle_stage: 'text', created_at: ts, updated_at: ts,
  },
  contacts: {
    id: 'int8', customer_id: 'int8', name: 'text', email: 'text', phone: 'text', title: 'text', created_at: ts, updated_at: ts,
  },
  activities: {
    id: 'int8', customer_id: 'int8', contact_id: 'int8', author_id: 'int8', kind: 'text', summary: 'text', occurred_at: ts, created_at: ts,
  },
  orders: { id: 'int8', customer_id: 'int8', ordered_at: ts, total: 'numeric', currency: 'text', created_by: 'int8', created_at: ts },
  order_lines: { id: 'int8', order_id: 'int8', product_id: 'int8', quantity: 'int4', unit_price: 'numeric', total: 'numeric' },
  tickets: {
    id: 'int8', number: 'int4', customer_id: 'int8', subject: 'text', description: 'text', status: 'text', priority: 'text',
    assignee_id: 'int8', requester_id: 'int8', sla_due_at: ts, created_at: ts, updated_at: ts, resolved_at: ts, closed_at: ts,
  },
  ticket_comments: { id: 'int8', ticket_id: 'int8', author_id: 'int8', kind: 'text', body: 'text', created_at: ts },
  deals: {
    id: 'int8', customer_id: 'int8', title: 'text', amount: 'numeric', currency: 'text', stage: 'text', owner_id: 'int8',
    close_date: 'date', closed_at: ts, created_at: ts, updated_at: ts,
  },
  deal_stage_history: { id: 'int8', deal_id: 'int8', from_stage: 'text', to_stage: 'text', changed_by: 'int8', changed_at: ts },
  campaign_members: {
    id: 'int8', campaign_id: 'int8', customer_id: 'int8', contact_id: 'int8', status: 'text', responded_at: ts, created_at: ts,
  },
  reminders: {
    id: 'int8', owner_id: 'int8', text: 'text', due_at: ts, due_has_time: 'bool', customer_id: 'int8', activity_id: 'int8',
    done_at: ts, delivered_at: ts, created_at: ts,
  },
};

export type SeedCounts = Record<SeedTable, number>;

export class BatchWriter {
  private readonly buffers = new Map<SeedTable, unknown[]>();
  readonly counts: SeedCounts = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as SeedCounts;

  /** rowsPerStatement bounds the size of one array parameter (and so the memory of one round trip). */
  constructor(
    private readonly db: DbOrTx,
    private readonly rowsPerStatement = 5000,
  ) {}

  push<T extends SeedTable>(table: T, row: SeedRow<T>): void {
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
  }

  /** Writes every buffered row, parents first, so foreign keys are satisfied statement by statement. */
  async flush(): Promise<void> {
    for (const table of SEED_TABLES) {
      const rows = this.buffers.get(table);
      if (!rows?.length) continue;
      this.buffers.set(table, []);
      for (let i = 0; i < rows.length; i += this.rowsPerStatement) {
        await this.insert(table, rows.slice(i, i + this.rowsPerStatement) as Record<string, unknown>[]);
      }
      this.counts[table] += rows.length;
    }
  }

  private async insert(table: SeedTable, rows: Record<string, unknown>[]): Promise<void> {
    const columns = Object.entries(COLUMNS[table]) as [string, PgType][];
    const arrays = columns.map(([name, type]) => {
      const values = rows.map((row) => toParam(row[name]));
      return sql`${values}::${sql.raw(type)}[]`;
    });
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))})
      select * from unnest(${sql.join(arrays)})`.execute(this.db);
  }
}

/** Dates go as ISO strings: both drivers then send the same text, with no local-zone formatting. */
function toParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/**
 * Rows carry explicit ids (children need their parents' ids before anything is written), so
 * afterwards each identity sequence must be moved past the largest id, or the next insert by the
 * app would collide. The ticket number sequence likewise.
 */
export async function syncSequences(db: DbOrTx): Promise<void> {
  for (const table of SEED_TABLES) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), max(id)) from ${sql.table(table)} having max(id) is not null`.execute(db);
  }
  await sql`select setval('ticket_number_seq', max(number)) from tickets having max(number) is not null`.execute(db);
}

/** Hands out ids after whatever the tables already hold (a seed on top of existing users, say). */
export class IdAllocator {
  private constructor(private readonly last: Map<string, number>) {}

  static async load(db: DbOrTx): Promise<IdAllocator> {
    const last = new Map<string, number>();
    for (const table of SEED_TABLES) {
      const { rows } = await sql<{ max: number | null }>`select max(id)::int8 as max from ${sql.table(table)}`.execute(db);
      last.set(table, Number(rows[0]?.max ?? 0));
    }
    const { rows } = await sql<{ max: number | null }>`select max(number)::int8 as max from tickets`.execute(db);
    last.set('ticket_number', Number(rows[0]?.max ?? 0));
    return new IdAllocator(last);
  }

  next(key: SeedTable | 'ticket_number'): number {
    const id = (this.last.get(key) ?? 0) + 1;
    this.last.set(key, id);
    return id;
  }
}
