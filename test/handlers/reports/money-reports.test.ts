import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { RFM_SEGMENTS } from '../../../src/crm/segments/rfm-segment-map.js';
import { seedDemo } from '../../../src/seed/index.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';
import { cents, column, headerOf, headlineOf, NY, sqlDollars, tablesOf } from './report-test-helpers.js';

// Revenue, top customers and segments as a manager reads them in a channel, against the demo
// company. Every expected figure is computed here in SQL, not with the report queries.

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

const manager = () => chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY });

/** Orders whose New York calendar day falls in [start, end]: the same days the user means. */
const ordersIn = (start: string, end: string) =>
  sql`select o.* from orders o
      where o.currency = 'USD' and (o.ordered_at at time zone ${NY})::date between ${start}::date and ${end}::date`;

describe('revenue report', () => {
  it('heads "revenue this month" with November’s total in New York days and the order count', async () => {
    const chat = await manager();
    const r = await chat.say('revenue this month');

    const total = await sqlDollars(t.db, sql`select coalesce(sum(total), 0) from (${ordersIn('2026-11-01', '2026-11-30')}) o`);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${ordersIn('2026-11-01', '2026-11-30')}) o`.execute(t.db);
    expect(headerOf(r)).toBe('Revenue · 1 Nov – 30 Nov 2026');
    expect(headlineOf(r)).toMatch(new RegExp(`^${total.replace(/[$.]/g, '\\$&')} from ${rows[0]!.n} orders so far, (up|down) \\d+\\.\\d% on the previous period`));
    const [totals] = tablesOf(r);
    expect(column(totals!, 'This period')[0]).toBe(total);
    expect(totals!.columns.filter((c) => c.align === 'right').map((c) => c.label)).toEqual(['This period', 'Previous', 'Change']);
    expect(chat.text(r)).toContain('Amounts in USD, days in New York time');
  });

  it('compares with October and shows the change with an arrow', async () => {
    const chat = await manager();
    const r = await chat.say('revenue this month');
    const october = await sqlDollars(t.db, sql`select sum(total) from (${ordersIn('2026-10-01', '2026-10-31')}) o`);
    const [totals] = tablesOf(r);
    expect(column(totals!, 'Previous')[0]).toBe(october);
    expect(column(totals!, 'Change')[0]).toMatch(/^[▲▼] \d+\.\d%$/);
  });

  it('lists a row per month for "revenue by month this year", each matching SQL', async () => {
    const chat = await manager();
    const r = await chat.say('revenue by month this year');
    const months = tablesOf(r).find((tb) => tb.columns.some((c) => c.label === 'Month'))!;
    expect(column(months, 'Month')).toEqual(
      ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `${m} 2026`),
    );
    const { rows } = await sql<{ month: number; revenue: string }>`
      select extract(month from o.ordered_at at time zone ${NY})::int as month,
        '$' || to_char(sum(o.total), 'FM999,999,999,990.00') as revenue
      from (${ordersIn('2026-01-01', '2026-12-31')}) o group by 1 order by 1`.execute(t.db);
    const expected = Array.from({ length: 12 }, (_, i) => rows.find((row) => row.month === i + 1)?.revenue ?? '$0.00');
    expect(column(months, 'Revenue')).toEqual(expected);
  });

  it('breaks revenue down by owner when asked, shares adding up to about 100%', async () => {
    const chat = await manager();
    const r = await chat.say('revenue by owner this month');
    const owners = tablesOf(r).find((tb) => tb.columns.some((c) => c.label === 'Owner'))!;
    const { rows } = await sql<{ name: string }>`
      select coalesce(u.name, 'Unassigned') as name from (${ordersIn('2026-11-01', '2026-11-30')}) o
      join customers c on c.id = o.customer_id left join users u on u.id = c.owner_id
      group by u.name order by sum(o.total) desc`.execute(t.db);
    expect(column(owners, 'Owner')).toEqual(rows.map((row) => row.name));
    const shares = column(owners, 'Share').map((s) => Number(s.replace('%', '')));
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.5);
  });

  it('answers an empty period with a friendly sentence and no table', async () => {
    const chat = await manager();
    const r = await chat.say('revenue in 2020');
    expect(headerOf(r)).toBe('Revenue · 1 Jan – 31 Dec 2020');
    expect(headlineOf(r)).toBe('No orders in 1 Jan – 31 Dec 2020, so there is no revenue to report.');
    expect(tablesOf(r)).toEqual([]);
  });

  it('refuses a salesperson asking for team revenue, privately, pointing at their own numbers', async () => {
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', timeZone: NY });
    const r = await chat.say('revenue this month');
    expect(r.private).toBe(true);
    expect(chat.text(r)).toContain('Team reports are for managers');
    expect(chat.text(r)).toContain('my pipeline');
    expect(tablesOf(r)).toEqual([]);
  });
});

describe('top customers report', () => {
  it('ranks "top 3 customers last month" by October revenue, as SQL ranks them', async () => {
    const chat = await manager();
    const r = await chat.say('top 3 customers last month');
    expect(headerOf(r)).toBe('Top 3 customers · 1 Oct – 31 Oct 2026');
    const [ranking] = tablesOf(r);
    expect(ranking!.rows).toHaveLength(3);
    expect(ranking!.columns.map((c) => c.label)).toEqual(['#', 'Customer', 'Owner', 'Orders', 'Revenue', 'Share']);

    const { rows } = await sql<{ name: string; revenue: string; orders: number }>`
      select c.name, '$' || to_char(sum(o.total), 'FM999,999,999,990.00') as revenue, count(*)::int as orders
      from (${ordersIn('2026-10-01', '2026-10-31')}) o join customers c on c.id = o.customer_id
      group by c.id, c.name order by sum(o.total) desc, c.id limit 3`.execute(t.db);
    expect(column(ranking!, 'Customer')).toEqual(rows.map((row) => row.name));
    expect(column(ranking!, 'Revenue')).toEqual(rows.map((row) => row.revenue));
    expect(column(ranking!, 'Orders')).toEqual(rows.map((row) => String(row.orders)));
    const revenue = column(ranking!, 'Revenue').map(cents);
    expect([...revenue].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(revenue);
    expect(headlineOf(r)).toMatch(new RegExp(`^${rows[0]!.name} leads with`));
  });

  it('caps a long ranking at 25 rows and says how many were left out', async () => {
    const chat = await manager();
    const r = await chat.say('top 30 customers this year');
    const [ranking] = tablesOf(r);
    expect(ranking!.rows).toHaveLength(25);
    expect(ranking!.caption).toBe('Showing the first 25 of 30 customers; 5 left out.');
  });
});

describe('segments report', () => {
  it('names the top segment of the quarter with its revenue share, and lists every segment', async () => {
    const chat = await manager();
    const r = await chat.say('top segment this quarter');
    expect(headerOf(r)).toBe('Segments · 1 Oct – 31 Dec 2026');
    const match = /^Top segment: (.+) — (\$[\d,]+\.\d{2}) \((\d+\.\d)% of revenue\) from (\d+) customers?, /.exec(headlineOf(r));
    expect(match).not.toBeNull();
    const [, label, revenue, share] = match!;
    expect(RFM_SEGMENTS).toContain(label);

    const [segments, best] = tablesOf(r);
    const labels = column(segments!, 'Segment');
    expect(labels[0]).toBe(label);
    expect(new Set(labels).size).toBe(labels.length);
    // Every customer is in one segment, so the segments' revenue adds up to the quarter's revenue.
    const quarter = await sqlDollars(t.db, sql`select sum(total) from (${ordersIn('2026-10-01', '2026-12-31')}) o`);
    expect(column(segments!, 'Revenue').map(cents).reduce((a, b) => a + b, 0n)).toBe(cents(quarter));
    const { rows } = await sql<{ pct: string }>`
      select round(100.0 * ${String(cents(revenue!))}::numeric / ${String(cents(quarter))}::numeric, 1)::text as pct`.execute(t.db);
    expect(share).toBe(rows[0]!.pct);
    // The top segment's biggest customers follow, by revenue.
    expect(best!.rows.length).toBeGreaterThan(0);
    expect(best!.rows.length).toBeLessThanOrEqual(3);
    expect(chat.text(r)).toContain(`Biggest customers in ${label}:`);
  });

  it('says there are no segments when nobody had ordered yet', async () => {
    const chat = await manager();
    const r = await chat.say('segments in 2020');
    expect(headlineOf(r)).toMatch(/^No customer had ordered/);
    expect(tablesOf(r)).toEqual([]);
  });
});
