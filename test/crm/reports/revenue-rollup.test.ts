import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordOrder, undoRecordOrder } from '../../../src/crm/orders/order.service.js';
import { revenueReport } from '../../../src/crm/reports/revenue.report.js';
import type { Database } from '../../../src/db/database.js';
import { importCsv } from '../../../src/import/import-csv.js';
import { useTestDatabase } from '../../support/test-db.js';
import { contextFor, insertUser } from '../tickets/crm-fixtures.js';
import { addCustomer, addOrder } from './report-fixtures.js';

// Revenue reports sum the hourly rollup (order_revenue_hourly) that triggers on orders keep in
// the same transaction as every order write: these check it against the orders themselves.

const t = useTestDatabase();
const YEAR = { start: '2026-01-01', end: '2026-12-31' };
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
const KOLKATA = 'Asia/Kolkata'; // UTC+5:30: its midnights fall in the middle of a UTC hour

/** Rollup rows that differ from the same sums computed over orders (none when in step). */
async function rollupDrift(db: Kysely<Database>): Promise<unknown[]> {
  const { rows } = await sql`
    with truth as (
      select date_bin('1 hour', ordered_at, timestamptz '2000-01-01 00:00:00+00') as hour, currency, count(*)::int8 as orders, sum(total) as revenue
      from orders group by 1, 2
    )
    select * from truth t full join order_revenue_hourly r using (hour, currency)
    where t.orders is distinct from r.orders or t.revenue is distinct from r.revenue`.execute(db);
  return rows;
}

/** The monthly rows as the report would show them had it summed orders directly. */
async function monthsFromOrders(db: Kysely<Database>, timeZone: string) {
  const { rows } = await sql<{ month: string; revenue: string; orders: number }>`
    select to_char(ordered_at at time zone ${timeZone}, 'YYYY-MM') as month, sum(total) as revenue, count(*)::int8 as orders
    from orders where currency = 'USD' and ordered_at >= '2025-12-31T00:00:00Z' and ordered_at < '2027-01-02T00:00:00Z'
      and to_char(ordered_at at time zone ${timeZone}, 'YYYY') = '2026'
    group by 1 order by 1`.execute(db);
  return rows;
}

async function reportedMonths(db: Kysely<Database>, timeZone: string) {
  const report = await revenueReport(db, { period: YEAR, timeZone, groupBy: 'month' });
  return report.months!.filter((m) => m.orders > 0).map(({ month, revenue, orders }) => ({ month, revenue, orders }));
}

describe('hourly revenue rollup', () => {
  it('stays equal to the orders after orders are recorded, undone, imported, edited and deleted', async () => {
    const ann = await insertUser(t.db, 'Ann', 'sales');
    const acme = await addCustomer(t.db, 'Acme Inc');
    const globex = await addCustomer(t.db, 'Globex');
    const clock = { now: new Date('2026-11-18T15:10:00Z') };
    const ctx = contextFor(t.db, ann, clock);

    const first = await recordOrder(ctx, { customerId: acme, amount: '100.10' });
    clock.now = new Date('2026-11-18T15:40:00Z'); // same hour
    const second = await recordOrder(ctx, { customerId: acme, amount: '0.20', productName: 'Widget' });
    await recordOrder(ctx, { customerId: globex, amount: '50.00', currency: 'EUR' });
    expect(await rollupDrift(t.db)).toEqual([]);
    let report = await revenueReport(t.db, { period: NOVEMBER, timeZone: 'UTC' });
    // From here on USD and EUR may tie on order count (the default would then be EUR): ask for USD.
    const usd = { period: NOVEMBER, timeZone: 'UTC', currency: 'USD' };
    expect(report.current).toEqual({ revenue: '100.30', orders: 2, averageOrderValue: '50.15' });
    expect(report.otherCurrencyOrders).toBe(1);

    await undoRecordOrder(t.db, { orderId: second.order.id, createdProductId: second.product?.id });
    expect(await rollupDrift(t.db)).toEqual([]);
    report = await revenueReport(t.db, usd);
    expect(report.current).toEqual({ revenue: '100.10', orders: 1, averageOrderValue: '100.10' });

    const text = ['Customer,Total,Currency,Order Date', 'Acme Inc,12.50,USD,2026-11-19', 'Globex,7.25,USD,2026-10-02', 'Acme Inc,1.00,USD,2026-11-19'].join('\n');
    const imported = await importCsv(t.db, { text, dryRun: false });
    expect(imported.kind).toBe('orders');
    expect(await rollupDrift(t.db)).toEqual([]);
    report = await revenueReport(t.db, usd);
    expect(report.current).toEqual({ revenue: '113.60', orders: 3, averageOrderValue: '37.87' });
    expect(report.previous).toEqual({ revenue: '7.25', orders: 1, averageOrderValue: '7.25' });

    // An edited order moves between hours and months; a deleted customer takes its orders along.
    await t.db.updateTable('orders').set({ ordered_at: new Date('2026-10-20T10:00:00Z'), total: '90.10' }).where('id', '=', first.order.id).execute();
    expect(await rollupDrift(t.db)).toEqual([]);
    report = await revenueReport(t.db, usd);
    expect(report.current).toEqual({ revenue: '13.50', orders: 2, averageOrderValue: '6.75' });
    expect(report.previous).toEqual({ revenue: '97.35', orders: 2, averageOrderValue: '48.68' });

    await t.db.deleteFrom('customers').where('id', '=', globex).execute();
    expect(await rollupDrift(t.db)).toEqual([]);
    report = await revenueReport(t.db, usd);
    expect(report.previous).toEqual({ revenue: '90.10', orders: 1, averageOrderValue: '90.10' });
    expect(report.otherCurrencyOrders).toBe(0);
    // Hours whose orders are all gone leave no rows behind.
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from order_revenue_hourly`.execute(t.db);
    expect(rows[0]!.n).toBe(2);
  });

  it('cuts months at midnight in a half-hour zone although the hour straddles it', async () => {
    const acme = await addCustomer(t.db, 'Acme');
    // 18:15 UTC = Oct 31 23:45 in Kolkata; 18:45 UTC = Nov 1 00:15: one UTC hour, two months.
    await addOrder(t.db, acme, '2026-10-31T18:15:00Z', '10.00');
    await addOrder(t.db, acme, '2026-10-31T18:45:00Z', '20.00');
    await addOrder(t.db, acme, '2026-10-31T12:00:00Z', '1.00');
    // Dec 31 18:40 UTC = Jan 1 2027 00:10 in Kolkata: outside the year; 18:20 UTC is inside.
    await addOrder(t.db, acme, '2026-12-31T18:20:00Z', '3.00');
    await addOrder(t.db, acme, '2026-12-31T18:40:00Z', '400.00');
    // Dec 31 2025 18:35 UTC = Jan 1 00:05 in Kolkata: inside the year.
    await addOrder(t.db, acme, '2025-12-31T18:35:00Z', '5.00');

    for (const zone of [KOLKATA, 'America/New_York', 'UTC', 'Asia/Kathmandu']) {
      expect(await reportedMonths(t.db, zone)).toEqual(await monthsFromOrders(t.db, zone));
    }
    expect(await reportedMonths(t.db, KOLKATA)).toEqual([
      { month: '2026-01', revenue: '5.00', orders: 1 },
      { month: '2026-10', revenue: '11.00', orders: 2 },
      { month: '2026-11', revenue: '20.00', orders: 1 },
      { month: '2026-12', revenue: '3.00', orders: 1 },
    ]);

    const november = await revenueReport(t.db, { period: NOVEMBER, timeZone: KOLKATA });
    expect(november.current).toEqual({ revenue: '20.00', orders: 1, averageOrderValue: '20.00' });
    expect(november.previous).toEqual({ revenue: '11.00', orders: 2, averageOrderValue: '5.50' });
    const year = await revenueReport(t.db, { period: YEAR, timeZone: KOLKATA });
    expect(year.current).toEqual({ revenue: '39.00', orders: 5, averageOrderValue: '7.80' });
  });

  it('is emptied with the orders by a truncate', async () => {
    const acme = await addCustomer(t.db, 'Acme');
    await addOrder(t.db, acme, '2026-11-03T15:00:00Z', '10.00');
    await sql`truncate orders cascade`.execute(t.db);
    expect(await rollupDrift(t.db)).toEqual([]);
    const report = await revenueReport(t.db, { period: NOVEMBER, timeZone: 'UTC' });
    expect(report.current).toEqual({ revenue: '0.00', orders: 0, averageOrderValue: null });
  });
});
