import { describe, expect, it } from 'vitest';
import {
  compareSegmentSnapshots, ensureSegmentSnapshot, latestSegmentFor, saveSegmentSnapshot,
} from '../../../src/crm/segments/segment-snapshot.js';
import { useTestDatabase } from '../../support/test-db.js';
import { seedTenCustomers } from './segment-fixtures.js';

const t = useTestDatabase();
const JUNE = { start: '2026-06-01', end: '2026-06-30' };
const MAY = { start: '2026-05-01', end: '2026-05-31' };

const countRows = async () =>
  (await t.db.selectFrom('segments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe('segment snapshots', () => {
  it('upserts one row per customer and period, so running twice does not duplicate', async () => {
    const ids = await seedTenCustomers(t.db);
    expect(await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toEqual({ period: JUNE, customers: 10, changed: 10, removed: 0 });
    expect(await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toEqual({ period: JUNE, customers: 10, changed: 0, removed: 0 });
    expect(await countRows()).toBe(10);

    const c8 = await t.db.selectFrom('segments').selectAll().where('customer_id', '=', ids[7]!).executeTakeFirstOrThrow();
    expect(c8).toMatchObject({
      method: 'rfm', period_start: '2026-06-01', period_end: '2026-06-30', label: 'Loyal',
      recency_score: 4, frequency_score: 5, monetary_score: 5, recency_days: 7, frequency: 5, monetary: '500.00',
    });

    // A new order moves C1 (it now buys last and most): only the rows whose scores moved are rewritten.
    await t.db.insertInto('orders').values({ customer_id: ids[0]!, ordered_at: '2026-06-30T12:00:00Z', total: '5000.00' }).execute();
    const rerun = await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' });
    expect(rerun.customers).toBe(10);
    expect(rerun.changed).toBeGreaterThan(0);
    expect(await countRows()).toBe(10);
    expect(await latestSegmentFor(t.db, ids[0]!)).toMatchObject({ recencyDays: 0, frequency: 2, monetary: '5100.00', recencyScore: 5 });
  });

  it('labels the ten fixture customers as computed by hand in segment-fixtures.ts', async () => {
    const ids = await seedTenCustomers(t.db);
    await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' });
    const rows = await t.db.selectFrom('segments').select(['customer_id', 'label', 'recency_score', 'frequency_score', 'monetary_score'])
      .orderBy('customer_id').execute();
    const byName = rows.map((r) => [`C${ids.indexOf(r.customer_id) + 1}`, r.label, r.recency_score, r.frequency_score, r.monetary_score]);
    expect(byName).toEqual([
      ['C1', 'Lost', 1, 1, 1], ['C2', 'Lost', 1, 1, 1],
      ['C3', 'Hibernating', 2, 2, 2], ['C4', 'Hibernating', 2, 2, 2],
      ['C5', 'Loyal', 3, 4, 4], ['C6', 'Loyal', 3, 4, 4],
      ['C7', 'Loyal', 4, 5, 5], ['C8', 'Loyal', 4, 5, 5],
      ['C9', 'Potential Loyalists', 5, 3, 3], ['C10', 'Potential Loyalists', 5, 3, 3],
    ]);
  });

  it('keeps a stored snapshot until an order before the period end changes', async () => {
    const ids = await seedTenCustomers(t.db);
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toEqual({ period: JUNE, currency: 'USD', computed: true });
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toMatchObject({ computed: false });
    // Another zone or currency is another computation.
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'Europe/Paris' })).toMatchObject({ computed: true });
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'Europe/Paris', currency: 'eur' }))
      .toMatchObject({ currency: 'EUR', computed: true });
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toMatchObject({ currency: 'USD', computed: true });
    // An order after the period does not touch it; one inside it, or deleted from it, does.
    await t.db.insertInto('orders').values({ customer_id: ids[0]!, ordered_at: '2026-07-02T12:00:00Z', total: '10.00' }).execute();
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toMatchObject({ computed: false });
    await t.db.updateTable('orders').set({ total: '20.00' }).where('ordered_at', '=', new Date('2026-07-02T12:00:00Z')).execute();
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toMatchObject({ computed: false });
    await t.db.deleteFrom('orders').where('customer_id', '=', ids[1]!).execute();
    expect(await ensureSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toMatchObject({ computed: true });
    expect((await latestSegmentFor(t.db, ids[1]!))).toBeNull();
  });

  it('drops a customer who no longer qualifies when the period is recomputed', async () => {
    const ids = await seedTenCustomers(t.db);
    await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' });
    await t.db.deleteFrom('orders').where('customer_id', '=', ids[0]!).execute();
    expect(await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' })).toMatchObject({ period: JUNE, customers: 9, removed: 1 });
    expect(await countRows()).toBe(9);
  });

  it('gives a customer latest saved segment, or null when none was saved', async () => {
    const ids = await seedTenCustomers(t.db);
    expect(await latestSegmentFor(t.db, ids[7]!)).toBeNull();
    await t.db.insertInto('segments').values({
      customer_id: ids[7]!, method: 'rfm', period_start: MAY.start, period_end: MAY.end, label: 'Lost',
      recency_score: 1, frequency_score: 1, monetary_score: 1, recency_days: 40, frequency: 0, monetary: '0.00',
    }).execute();
    await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' });
    expect(await latestSegmentFor(t.db, ids[7]!)).toMatchObject({
      label: 'Loyal', period: JUNE, recencyScore: 4, frequencyScore: 5, monetaryScore: 5,
      recencyDays: 7, frequency: 5, monetary: '500.00',
    });
  });

  it('compares two snapshots to show which segment grows fastest', async () => {
    const ids = await seedTenCustomers(t.db);
    const may = (customerId: number, label: string) => ({
      customer_id: customerId, method: 'rfm' as const, period_start: MAY.start, period_end: MAY.end, label, monetary: '10.00',
    });
    await t.db.insertInto('segments').values([
      may(ids[0]!, 'Loyal'), may(ids[1]!, 'Loyal'),
      may(ids[2]!, 'Lost'), may(ids[3]!, 'Lost'), may(ids[4]!, 'Lost'), may(ids[5]!, 'Lost'), may(ids[6]!, 'Lost'),
    ]).execute();
    await saveSegmentSnapshot(t.db, { period: JUNE, timeZone: 'UTC' });

    const growth = await compareSegmentSnapshots(t.db, { current: JUNE, previous: MAY });
    expect(growth.map((g) => [g.label, g.customers, g.previousCustomers, g.change, g.changePct])).toEqual([
      ['Hibernating', 2, 0, 2, null],
      ['Potential Loyalists', 2, 0, 2, null],
      ['Loyal', 4, 2, 2, '100.0'],
      ['Lost', 2, 5, -3, '-60.0'],
    ]);
    expect(growth.find((g) => g.label === 'Loyal')).toMatchObject({ monetary: '1800.00', previousMonetary: '20.00' });
  });
});
