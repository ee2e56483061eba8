import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { seedDemo } from '../../src/seed/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// A digest of the columns people see, per table, so "identical" means names, dates, amounts and
// texts all match, not just row counts.
const DIGESTS = {
  customers: sql`select id, kind, name, domain, industry, email, phone, owner_id, lifecycle_stage, created_at from customers`,
  contacts: sql`select id, customer_id, name, email, phone, title from contacts`,
  activities: sql`select id, customer_id, contact_id, author_id, kind, summary, occurred_at from activities`,
  orders: sql`select id, customer_id, ordered_at, total from orders`,
  order_lines: sql`select id, order_id, product_id, quantity, unit_price, total from order_lines`,
  tickets: sql`select id, number, status, priority, subject, assignee_id, created_at, resolved_at, closed_at from tickets`,
  deals: sql`select id, title, amount, stage, close_date, closed_at from deals`,
  reminders: sql`select id, owner_id, text, due_at from reminders`,
};

async function digest(db: Kysely<Database>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, query] of Object.entries(DIGESTS)) {
    const { rows } = await sql<{ md5: string }>`select md5(string_agg(t::text, '|' order by t.id)) as md5 from (${query}) t`.execute(db);
    out[table] = rows[0]!.md5;
  }
  return out;
}

describe('seedDemo determinism', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  it('writes identical data for the same seed in two fresh databases, different data for another seed', async () => {
    const countsA = await seedDemo(a.db, { seed: 42 });
    const countsB = await seedDemo(b.db, { seed: 42 });
    expect(countsB).toEqual(countsA);
    const first = await digest(a.db);
    expect(await digest(b.db)).toEqual(first);

    await b.truncate();
    await seedDemo(b.db, { seed: 7 });
    const other = await digest(b.db);
    expect(other.activities).not.toBe(first.activities);
    expect(other.orders).not.toBe(first.orders);
    // The well-known customers are fixed whatever the seed.
    const names = await b.db.selectFrom('customers').select('name').orderBy('id').limit(3).execute();
    expect(names.map((n) => n.name)).toEqual(['Acme Corp', 'Acme Industries', 'Initech']);
  });

  it('follows the caller\'s now, so a first start gets recent data', async () => {
    await a.truncate();
    const now = new Date('2031-03-05T09:30:00Z');
    await seedDemo(a.db, { now, scale: 0.2 });
    const [range] = (
      await sql<{ first: Date; last: Date }>`select min(occurred_at) as first, max(occurred_at) as last from activities`.execute(a.db)
    ).rows;
    expect(range!.last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(range!.last.getTime()).toBeGreaterThan(now.getTime() - 7 * 86_400_000);
    expect(range!.first.getTime()).toBeGreaterThanOrEqual(now.getTime() - 365 * 86_400_000);
  });
});
