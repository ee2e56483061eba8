import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type SeedCounts } from '../../src/seed/index.js';
import { useTestDatabase } from '../support/test-db.js';

// The bench asks for about 3 contacts, 10 activities, 10 order lines, 1 ticket and 0.5 deal per
// customer (300k / 1M / 1M / 100k / 50k at 100k customers); the demo company is sparser.
const t = useTestDatabase({ truncateEachTest: false });
let bench: SeedCounts;

beforeAll(async () => {
  bench = await seedDemo(t.db, { mix: 'bench' });
});

describe('seedDemo with the bench mix', () => {
  it('gives each customer the history the benchmark sizes ask for', () => {
    const per = (n: number) => n / bench.customers;
    expect(bench.customers).toBe(300);
    expect(per(bench.contacts)).toBeGreaterThan(2.8);
    expect(per(bench.contacts)).toBeLessThan(3.3);
    expect(per(bench.activities)).toBeGreaterThan(9.5);
    expect(per(bench.order_lines)).toBeGreaterThan(9.5);
    expect(per(bench.tickets)).toBeGreaterThan(0.9);
    expect(per(bench.deals)).toBeGreaterThan(0.45);
  });

  it('is denser than the demo mix for the same customers', async () => {
    const { rows } = await sql<{ name: string }>`select name from customers order by id limit 5`.execute(t.db);
    await sql`truncate customers, campaigns restart identity cascade`.execute(t.db);
    const demo = await seedDemo(t.db);
    const again = await sql<{ name: string }>`select name from customers order by id limit 5`.execute(t.db);
    expect(again.rows).toEqual(rows);
    for (const table of ['contacts', 'order_lines', 'tickets', 'deals'] as const) {
      expect(bench[table], table).toBeGreaterThan(demo[table] * 1.15);
    }
    expect(bench.activities).toBeGreaterThan(demo.activities * 1.05);
  });

  it('keeps the data consistent: every order total is the sum of its lines, every activity names its own customer’s contact', async () => {
    await sql`truncate customers, campaigns restart identity cascade`.execute(t.db);
    await seedDemo(t.db, { mix: 'bench', scale: 0.5 });
    const { rows } = await sql<{ bad_totals: number; bad_contacts: number }>`
      select
        (select count(*)::int8 from orders o
          where o.total <> (select sum(l.total) from order_lines l where l.order_id = o.id)) as bad_totals,
        (select count(*)::int8 from activities a join contacts c on c.id = a.contact_id
          where c.customer_id <> a.customer_id) as bad_contacts`.execute(t.db);
    expect(rows[0]).toEqual({ bad_totals: 0, bad_contacts: 0 });
  });
});
