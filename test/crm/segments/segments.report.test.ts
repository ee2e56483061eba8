import { describe, expect, it } from 'vitest';
import { combinedFmScore, rfmSegment } from '../../../src/crm/segments/rfm-segment-map.js';
import { segmentsReport } from '../../../src/crm/segments/segments.report.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addCustomer, addOrder, addUser } from '../reports/report-fixtures.js';
import { seedTenCustomers } from './segment-fixtures.js';

const t = useTestDatabase();
const H1 = { start: '2026-01-01', end: '2026-06-30' };

describe('RFM segment map', () => {
  it('maps the corners and the middle of the grid', () => {
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(5, 1)).toBe('New');
    expect(rfmSegment(1, 5)).toBe("Can't Lose Them");
    expect(rfmSegment(1, 1)).toBe('Lost');
    expect(rfmSegment(3, 3)).toBe('Need Attention');
    expect(combinedFmScore(4, 5)).toBe(5);
    expect(combinedFmScore(4, 3)).toBe(4);
  });
});

describe('segments report', () => {
  it('puts the frequent, recent, big buyer in Champions and the big buyer gone quiet in Can\'t Lose Them', async () => {
    const champion = await addCustomer(t.db, 'Champion Co');
    const bigOld = await addCustomer(t.db, 'Big Old Inc');
    const newbie = await addCustomer(t.db, 'Newbie');
    const lapsed = await addCustomer(t.db, 'Lapsed');
    const middling = await addCustomer(t.db, 'Middling');
    for (const day of ['01-10', '02-10', '03-10', '04-10', '05-10']) await addOrder(t.db, champion, `2026-${day}T12:00:00Z`, '1000.00');
    await addOrder(t.db, champion, '2026-06-30T12:00:00Z', '1000.05');
    for (const day of ['01-05', '01-10', '01-15', '01-20']) await addOrder(t.db, bigOld, `2026-${day}T12:00:00Z`, '2000.00');
    await addOrder(t.db, bigOld, '2025-11-15T12:00:00Z', '1000.00');
    await addOrder(t.db, bigOld, '2025-11-16T12:00:00Z', '1000.00');
    await addOrder(t.db, newbie, '2026-06-29T12:00:00Z', '50.00');
    await addOrder(t.db, lapsed, '2025-08-10T12:00:00Z', '200.00');
    await addOrder(t.db, middling, '2026-04-01T12:00:00Z', '100.00');
    await addOrder(t.db, middling, '2026-05-01T12:00:00Z', '200.00');

    const report = await segmentsReport(t.db, { period: H1, timeZone: 'UTC' });
    expect(report.previousPeriod).toEqual({ start: '2025-07-01', end: '2025-12-31' });
    expect(report.currency).toBe('USD');
    const row = (label: string, customers: number, revenue: string, share: string, previousCustomers: number,
      previousRevenue: string, change: string, changePct: string | null) =>
      ({ label, customers, revenue, share, previousCustomers, previousRevenue, change, changePct });
    expect(report.segments).toEqual([
      row("Can't Lose Them", 1, '8000.00', '55.7', 0, '0.00', '8000.00', null),
      row('Champions', 1, '6000.05', '41.8', 0, '0.00', '6000.05', null),
      row('Need Attention', 1, '300.00', '2.1', 0, '0.00', '300.00', null),
      row('Potential Loyalists', 1, '50.00', '0.3', 0, '0.00', '50.00', null),
      // Lapsed scored Lost in both periods; Big Old was Hibernating the half-year before.
      row('Lost', 1, '0.00', '0.0', 1, '200.00', '-200.00', '-100.0'),
      row('Hibernating', 0, '0.00', '0.0', 1, '2000.00', '-2000.00', '-100.0'),
    ]);
    expect(report.topSegment).toEqual({ label: "Can't Lose Them", customers: [{ id: bigOld, name: 'Big Old Inc', revenue: '8000.00' }] });
  });

  it('lists the three biggest customers of the top segment', async () => {
    const ids = await seedTenCustomers(t.db);
    const report = await segmentsReport(t.db, { period: { start: '2026-06-01', end: '2026-06-30' }, timeZone: 'UTC' });
    expect(report.segments.map((s) => [s.label, s.customers, s.revenue, s.share])).toEqual([
      ['Loyal', 4, '1800.00', '60.0'],
      ['Potential Loyalists', 2, '600.00', '20.0'],
      ['Hibernating', 2, '400.00', '13.3'],
      ['Lost', 2, '200.00', '6.7'],
    ]);
    expect(report.topSegment).toEqual({
      label: 'Loyal',
      customers: [
        { id: ids[6], name: 'C7', revenue: '500.00' },
        { id: ids[7], name: 'C8', revenue: '500.00' },
        { id: ids[4], name: 'C5', revenue: '400.00' },
      ],
    });
  });

  it('gives customers with equal recency, orders and revenue the same scores, run after run', async () => {
    // T1 = T2 and T3 = T4 in every respect; T5 is best on every axis.
    const plan = [['06-20'], ['06-20'], ['06-01', '06-25'], ['06-01', '06-25'], ['06-01', '06-02', '06-30']];
    const ids: number[] = [];
    for (const [i, days] of plan.entries()) {
      const id = await addCustomer(t.db, `T${i + 1}`);
      ids.push(id);
      for (const day of days) await addOrder(t.db, id, `2026-${day}T12:00:00Z`, '10.00');
    }
    const period = { start: '2026-06-01', end: '2026-06-30' };
    const first = await segmentsReport(t.db, { period, timeZone: 'UTC' });
    expect(await segmentsReport(t.db, { period, timeZone: 'UTC' })).toEqual(first);
    expect(first.segments.map((s) => [s.label, s.customers, s.revenue])).toEqual([
      ['Need Attention', 2, '40.00'],
      ['Champions', 1, '30.00'],
      ['Lost', 2, '20.00'],
    ]);
    expect(first.topSegment).toEqual({
      label: 'Need Attention',
      customers: [{ id: ids[2], name: 'T3', revenue: '20.00' }, { id: ids[3], name: 'T4', revenue: '20.00' }],
    });
  });

  it('counts only one owner book while scoring against every customer', async () => {
    const ids = await seedTenCustomers(t.db);
    const ann = await addUser(t.db, 'Ann');
    await t.db.updateTable('customers').set({ owner_id: ann }).where('id', 'in', [ids[6]!, ids[8]!]).execute();
    const report = await segmentsReport(t.db, { period: { start: '2026-06-01', end: '2026-06-30' }, timeZone: 'UTC', ownerId: ann });
    expect(report.segments.map((s) => [s.label, s.customers, s.revenue, s.share])).toEqual([
      ['Loyal', 1, '500.00', '62.5'],
      ['Potential Loyalists', 1, '300.00', '37.5'],
    ]);
    expect(report.topSegment?.customers.map((c) => c.name)).toEqual(['C7']);
  });

  it('is empty without orders', async () => {
    const report = await segmentsReport(t.db, { period: { start: '2026-06-01', end: '2026-06-30' }, timeZone: 'UTC' });
    expect(report.segments).toEqual([]);
    expect(report.topSegment).toBeNull();
  });
});
