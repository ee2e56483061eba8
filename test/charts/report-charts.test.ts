import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartRequest } from '../../src/charts/chart-request.js';
import { revenueByDay } from '../../src/charts/data/revenue-by-day.js';
import { renderChartImage } from '../../src/charts/render-chart.js';
import { activitiesChart } from '../../src/charts/specs/activities.spec.js';
import { pipelineChart } from '../../src/charts/specs/pipeline.spec.js';
import { revenueChart } from '../../src/charts/specs/revenue.spec.js';
import { segmentsChart } from '../../src/charts/specs/segments.spec.js';
import { ticketsChart } from '../../src/charts/specs/tickets.spec.js';
import { activitiesReport } from '../../src/crm/reports/activities.report.js';
import { pipelineReport } from '../../src/crm/reports/pipeline.report.js';
import { periodRange } from '../../src/crm/reports/report-period.js';
import { revenueReport } from '../../src/crm/reports/revenue.report.js';
import { ticketsReport } from '../../src/crm/reports/tickets.report.js';
import { segmentsReport } from '../../src/crm/segments/segments.report.js';
import type { Block, Reply } from '../../src/reply/reply.js';
import { seedDemo } from '../../src/seed/index.js';
import { chatAs, TEST_NOW } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { countPixels, isDark, isNotWhite, pngSize } from './png-helpers.js';

// Every report chart built from the demo company's real report queries and rendered, then the
// same charts arriving in chat replies. Runs on PGlite, or Postgres with TEST_DATABASE_URL.

const t = useTestDatabase({ truncateEachTest: false });
const NY = 'America/New_York';
const YEAR = { start: '2026-01-01', end: '2026-12-31' };
const QUARTER = { start: '2026-10-01', end: '2026-12-31' };
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
const timings: Array<[string, number]> = [];

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

afterAll(() => {
  if (timings.length > 0) console.info(`chart render times (ms): ${timings.map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`);
});

/** Renders the request and checks the PNG is the chat size, coloured, and has a drawn title. */
async function expectDrawn(name: string, request: ChartRequest | undefined): Promise<void> {
  expect(request, `${name}: no chart built`).toBeDefined();
  const image = await renderChartImage(request!.spec);
  timings.push([name, image.ms]);
  expect(pngSize(image.png)).toEqual({ width: 1600, height: 900 });
  const { width, height, pixels } = image;
  expect(countPixels(pixels, width, { x: 0, y: 0, width, height }, isNotWhite) / (width * height)).toBeGreaterThan(0.03);
  expect(countPixels(pixels, width, { x: 32, y: 28, width: 600, height: 48 }, isDark)).toBeGreaterThan(1000);
  expect(request!.alt.length).toBeGreaterThan(20);
}

describe('report chart specs from the demo data', () => {
  it('revenue by month this year: 12 bars with the currency on the axis', async () => {
    const report = await revenueReport(t.db, { period: YEAR, timeZone: NY, groupBy: 'month' });
    const request = revenueChart({
      title: 'Revenue · 1 Jan – 31 Dec 2026', currency: report.currency, unit: 'month',
      points: report.months!.map((m) => ({ at: m.month, revenue: m.revenue, orders: m.orders })),
    });
    const spec = JSON.stringify(request?.spec);
    expect(spec).toContain('Revenue (USD)');
    expect(spec).toContain('Revenue · 1 Jan – 31 Dec 2026');
    await expectDrawn('revenue by month', request);
  });

  it('revenue by day in October: one bar per day, the daily sums adding up to the report total', async () => {
    const period = { start: '2026-10-01', end: '2026-10-31' };
    const report = await revenueReport(t.db, { period, timeZone: NY });
    const days = await revenueByDay(t.db, { period, timeZone: NY, currency: report.currency });
    expect(days).toHaveLength(31);
    const cents = (s: string) => BigInt(s.replace('.', ''));
    expect(days.reduce((sum, d) => sum + cents(Number(d.revenue).toFixed(2)), 0n)).toBe(cents(report.current.revenue));
    expect(days.reduce((n, d) => n + d.orders, 0)).toBe(report.current.orders);
    await expectDrawn('revenue by day', revenueChart({
      title: 'Revenue · 1 Oct – 31 Oct 2026', currency: report.currency, unit: 'day',
      points: days.map((d) => ({ at: d.day, revenue: d.revenue, orders: d.orders })),
    }));
  });

  it('revenue by day reads the same from the hourly rollup as from the orders, across DST and in a half-hour zone', async () => {
    const { currency } = await revenueReport(t.db, { period: NOVEMBER, timeZone: NY });
    // A long period in Kolkata (+5:30) has orders in the half hours the rollup's hours straddle.
    for (const [timeZone, period] of [[NY, NOVEMBER], ['Asia/Kolkata', { start: '2026-01-01', end: '2026-11-17' }]] as const) {
      const range = periodRange(period, timeZone);
      const { rows } = await sql<{ day: string; orders: string; revenue: string }>`
        select to_char(o.ordered_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*) as orders, sum(o.total) as revenue from orders o
        where o.ordered_at >= ${range.from}::timestamptz and o.ordered_at < ${range.to}::timestamptz and o.currency = ${currency}
        group by 1`.execute(t.db);
      const days = await revenueByDay(t.db, { period, timeZone, currency });
      const withOrders = days.filter((d) => d.orders > 0);
      expect(withOrders.length).toBeGreaterThan(0);
      expect(withOrders).toEqual(
        rows.map((r) => ({ day: r.day, orders: Number(r.orders), revenue: Number(r.revenue).toFixed(2) })).sort((a, b) => a.day.localeCompare(b.day)),
      );
    }
  });

  it('pipeline by stage: lead → negotiation, amount and weighted', async () => {
    const report = await pipelineReport(t.db, { period: QUARTER, timeZone: NY });
    const request = pipelineChart({ title: 'Pipeline · 1 Oct – 31 Dec 2026', pipeline: report.currencies[0]! });
    const y = (request!.spec as { layer: Array<{ encoding: { y: { sort: string[] } } }> }).layer[0]!.encoding.y.sort;
    expect(y.map((s) => s.split(' ')[0])).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation']);
    await expectDrawn('pipeline', request);
  });

  it('segments share: largest first', async () => {
    const report = await segmentsReport(t.db, { period: QUARTER, timeZone: NY });
    const request = segmentsChart({ title: 'Segments · 1 Oct – 31 Dec 2026', currency: report.currency, segments: report.segments, top: report.topSegment?.label });
    const values = (request!.spec as { data: { values: Array<{ share: number }> } }).data.values.map((v) => v.share);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await expectDrawn('segments', request);
  });

  it('ticket backlog by priority, stacked open/pending', async () => {
    const report = await ticketsReport(t.db, { period: NOVEMBER, timeZone: NY, now: TEST_NOW });
    await expectDrawn('tickets', ticketsChart({ title: 'Tickets · 1 Nov – 30 Nov 2026', byPriority: report.backlog.byPriority, asOf: '18 Nov 2026, 10:00' }));
  });

  it('activities by rep, stacked by kind', async () => {
    const report = await activitiesReport(t.db, { period: NOVEMBER, timeZone: NY });
    await expectDrawn('activities', activitiesChart({ title: 'Activities · 1 Nov – 30 Nov 2026', byAuthor: report.byAuthor }));
  });

  it('builds no chart from fewer than two points', () => {
    expect(revenueChart({ title: 'x', currency: 'USD', unit: 'month', points: [{ at: '2026-11', revenue: '10.00', orders: 1 }] })).toBeUndefined();
    expect(ticketsChart({ title: 'x', asOf: 'now', byPriority: [{ priority: 'high', open: 3, pending: 0, overdue: 0 }] })).toBeUndefined();
    expect(segmentsChart({ title: 'x', currency: 'USD', segments: [{ label: 'Champions', customers: 2, revenue: '5.00', share: '100.0' }] })).toBeUndefined();
    expect(activitiesChart({ title: 'x', byAuthor: [] })).toBeUndefined();
  });
});

type Image = Extract<Block, { type: 'image' }>;
const imageOf = (r: Reply): Image | undefined => r.blocks.find((b): b is Image => b.type === 'image');

describe('charts in chat replies', () => {
  const manager = () => chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY });

  it('"pipeline this quarter" comes with a PNG funnel after the headline', async () => {
    const r = await (await manager()).say('pipeline this quarter');
    const image = imageOf(r);
    expect(image?.png, 'no chart in the reply').toBeDefined();
    expect(pngSize(image!.png!)).toEqual({ width: 1600, height: 900 });
    expect(image!.title).toBe('Pipeline · 1 Oct – 31 Dec 2026');
    expect(r.blocks.map((b) => b.type).slice(0, 3)).toEqual(['header', 'text', 'image']);
  });

  it('"revenue by month this year" comes with a PNG of the months, and the month table stays exact', async () => {
    const chat = await manager();
    const r = await chat.say('revenue by month this year');
    const image = imageOf(r);
    expect(image?.png).toBeDefined();
    expect(pngSize(image!.png!)).toEqual({ width: 1600, height: 900 });
    expect(image!.alt).toMatch(/revenue by month 2026 in USD, 12 months/);
    expect(r.blocks.filter((b) => b.type === 'table')).toHaveLength(2);
    expect(chat.text(r)).toContain('[chart] Revenue · 1 Jan – 31 Dec 2026');
  });

  it('segments, tickets and activities replies carry a chart too', async () => {
    const chat = await manager();
    for (const message of ['top segment this quarter', 'ticket report this month', 'activities this month by rep']) {
      const r = await chat.say(message);
      expect(imageOf(r)?.png, message).toBeDefined();
    }
  });

  it('an empty report has no chart', async () => {
    const r = await (await manager()).say('revenue in 2020');
    expect(imageOf(r)).toBeUndefined();
  });
});
