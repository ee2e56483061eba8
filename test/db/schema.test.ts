import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, migrationState } from '../../src/db/migrate.js';
import { useTestDatabase } from '../support/test-db.js';

const t = useTestDatabase();

describe('database schema', () => {
  it('migrating again applies nothing and reports no pending migration', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const state = await migrationState(t.db);
    expect(state.pending).toEqual([]);
    expect(state.applied.length).toBeGreaterThan(0);
  });

  it('reads ids and counts as numbers, money as exact strings and dates as plain dates on every driver', async () => {
    const user = await t.db.insertInto('users').values({ name: 'Ann', role: 'sales' }).returningAll().executeTakeFirstOrThrow();
    const customer = await t.db.insertInto('customers').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
    const deal = await t.db
      .insertInto('deals')
      .values({ customer_id: customer.id, title: 'Renewal', amount: '0.10', owner_id: user.id, close_date: '2026-12-31' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await t.db.insertInto('deals').values({ customer_id: customer.id, title: 'Add-on', amount: '0.20' }).execute();
    const total = await t.db
      .selectFrom('deals')
      .select((eb) => [eb.fn.sum<string>('amount').as('sum'), eb.fn.countAll<number>().as('n')])
      .executeTakeFirstOrThrow();

    expect(typeof user.id).toBe('number');
    expect(user.created_at).toBeInstanceOf(Date);
    expect(deal.amount).toBe('0.10');
    expect(deal.close_date).toBe('2026-12-31');
    expect(total).toEqual({ sum: '0.30', n: 2 });
  });

  it('numbers tickets from a sequence that people can say out loud', async () => {
    const a = await t.db.insertInto('tickets').values({ subject: 'SSO fails' }).returningAll().executeTakeFirstOrThrow();
    const b = await t.db.insertInto('tickets').values({ subject: 'Export slow' }).returningAll().executeTakeFirstOrThrow();
    expect(b.number).toBe(a.number + 1);
    expect(a.status).toBe('open');
    expect(a.priority).toBe('normal');
  });

  it('refuses a second contact with the same normalised email', async () => {
    const c = await t.db.insertInto('customers').values({ name: 'Initech' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('contacts').values({ customer_id: c.id, name: 'Bill', email: 'bill@initech.com' }).execute();
    await expect(
      t.db.insertInto('contacts').values({ customer_id: c.id, name: 'Bill L', email: 'bill@initech.com' }).execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    await expect(
      t.db.insertInto('contacts').values({ customer_id: c.id, name: 'Bob', email: 'Bob@Initech.com' }).execute(),
    ).rejects.toThrow(/check/i);
  });

  it('ranks fuzzy name matches with pg_trgm', async () => {
    await t.db.insertInto('customers').values([{ name: 'Northwind Traders' }, { name: 'Contoso' }]).execute();
    const rows = await sql<{ name: string; score: number }>`
      select name, similarity(lower(name), 'northwnd') as score from customers
      where lower(name) % 'northwnd' order by score desc`.execute(t.db);
    expect(rows.rows.map((r) => r.name)).toEqual(['Northwind Traders']);
  });
});
