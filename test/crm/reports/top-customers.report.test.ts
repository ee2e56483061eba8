import { beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import { topCustomersReport } from '../../../src/crm/reports/top-customers.report.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addCustomer, addOrder, addUser } from './report-fixtures.js';

const t = useTestDatabase();
const NY = 'America/New_York';
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
let ann: number;
let acme: number;
let globex: number;
let initech: number;
let umbrella: number;

beforeEach(async () => {
  ann = await addUser(t.db, 'Ann');
  const bob = await addUser(t.db, 'Bob');
  acme = await addCustomer(t.db, 'Acme', ann);
  globex = await addCustomer(t.db, 'Globex', bob);
  initech = await addCustomer(t.db, 'Initech');
  umbrella = await addCustomer(t.db, 'Umbrella', ann);
  await addOrder(t.db, acme, '2026-11-03T15:00:00Z', '0.10');
  await addOrder(t.db, acme, '2026-11-10T15:00:00Z', '0.20');
  await addOrder(t.db, globex, '2026-11-20T15:00:00Z', '100.00');
  // Same revenue as Initech: the lower id (Initech, created first) must come first.
  await addOrder(t.db, umbrella, '2026-11-21T15:00:00Z', '25.00');
  await addOrder(t.db, initech, '2026-11-22T15:00:00Z', '25.00');
  // October in New York: not counted.
  await addOrder(t.db, acme, '2026-10-31T23:30:00-04:00', '500.00');
});

describe('top customers report', () => {
  it('ranks customers by revenue with owner, order count and share, ties by id', async () => {
    const report = await topCustomersReport(t.db, { period: NOVEMBER, timeZone: NY });
    expect(report.currency).toBe('USD');
    expect(report.totalRevenue).toBe('150.30');
    expect(report.customersWithOrders).toBe(4);
    expect(report.customers).toEqual([
      { id: globex, name: 'Globex', ownerId: expect.any(Number), ownerName: 'Bob', orders: 1, revenue: '100.00', share: '66.5' },
      { id: initech, name: 'Initech', ownerId: null, ownerName: null, orders: 1, revenue: '25.00', share: '16.6' },
      { id: umbrella, name: 'Umbrella', ownerId: ann, ownerName: 'Ann', orders: 1, revenue: '25.00', share: '16.6' },
      { id: acme, name: 'Acme', ownerId: ann, ownerName: 'Ann', orders: 2, revenue: '0.30', share: '0.2' },
    ]);
  });

  it('keeps only the first N but still reports the whole total', async () => {
    const report = await topCustomersReport(t.db, { period: NOVEMBER, timeZone: NY, limit: 2 });
    expect(report.customers.map((c) => c.name)).toEqual(['Globex', 'Initech']);
    expect(report.totalRevenue).toBe('150.30');
  });

  it('limits to one owner book, shares then being of that book', async () => {
    const report = await topCustomersReport(t.db, { period: NOVEMBER, timeZone: NY, ownerId: ann });
    expect(report.totalRevenue).toBe('25.30');
    expect(report.customers.map((c) => [c.name, c.revenue, c.share])).toEqual([
      ['Umbrella', '25.00', '98.8'],
      ['Acme', '0.30', '1.2'],
    ]);
  });

  it('returns an empty list for a quiet period', async () => {
    const report = await topCustomersReport(t.db, { period: { start: '2025-01-01', end: '2025-01-31' }, timeZone: NY });
    expect(report).toEqual({
      period: { start: '2025-01-01', end: '2025-01-31' }, currency: 'USD', totalRevenue: '0.00', customersWithOrders: 0, customers: [],
    });
  });

  it('refuses a limit outside 1..100', async () => {
    await expect(topCustomersReport(t.db, { period: NOVEMBER, timeZone: NY, limit: 0 })).rejects.toSatisfy((e) => isAppError(e, 'invalid'));
  });
});
