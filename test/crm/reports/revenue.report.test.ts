import { beforeEach, describe, expect, it } from 'vitest';
import { revenueReport } from '../../../src/crm/reports/revenue.report.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addCustomer, addOrder, addUser } from './report-fixtures.js';

const t = useTestDatabase();
const NY = 'America/New_York';
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
let ann: number;
let bob: number;

beforeEach(async () => {
  ann = await addUser(t.db, 'Ann');
  bob = await addUser(t.db, 'Bob');
  const acme = await addCustomer(t.db, 'Acme', ann);
  const globex = await addCustomer(t.db, 'Globex', bob);
  const initech = await addCustomer(t.db, 'Initech');
  await addOrder(t.db, acme, '2026-11-03T15:00:00Z', '0.10');
  await addOrder(t.db, acme, '2026-11-10T15:00:00Z', '0.20');
  await addOrder(t.db, acme, '2026-11-05T15:00:00Z', '999.00', 'EUR');
  await addOrder(t.db, globex, '2026-11-20T15:00:00Z', '100.00');
  // October 31, 23:30 in New York = November 1, 03:30 UTC.
  await addOrder(t.db, globex, '2026-10-31T23:30:00-04:00', '50.00');
  await addOrder(t.db, initech, '2026-10-15T12:00:00Z', '30.00');
});

describe('revenue report', () => {
  it('sums exact money for the month in the user zone and compares with the month before', async () => {
    const report = await revenueReport(t.db, { period: NOVEMBER, timeZone: NY });
    expect(report).toEqual({
      period: NOVEMBER,
      previousPeriod: { start: '2026-10-01', end: '2026-10-31' },
      currency: 'USD',
      current: { revenue: '100.30', orders: 3, averageOrderValue: '33.43' },
      previous: { revenue: '80.00', orders: 2, averageOrderValue: '40.00' },
      change: { revenue: '20.30', revenuePct: '25.4', orders: 1 },
      otherCurrencyOrders: 1,
    });
  });

  it('puts the late-evening October order into November when the user is on UTC', async () => {
    const report = await revenueReport(t.db, { period: NOVEMBER, timeZone: 'UTC' });
    expect(report.current).toEqual({ revenue: '150.30', orders: 4, averageOrderValue: '37.58' });
    expect(report.previous).toEqual({ revenue: '30.00', orders: 1, averageOrderValue: '30.00' });
    expect(report.change.revenuePct).toBe('401.0');
  });

  it('reports only the requested currency', async () => {
    const report = await revenueReport(t.db, { period: NOVEMBER, timeZone: NY, currency: 'eur' });
    expect(report.currency).toBe('EUR');
    expect(report.current).toEqual({ revenue: '999.00', orders: 1, averageOrderValue: '999.00' });
    expect(report.otherCurrencyOrders).toBe(3);
  });

  it('groups by month in the user zone, listing empty months', async () => {
    const report = await revenueReport(t.db, { period: { start: '2026-09-01', end: '2026-11-30' }, timeZone: NY, groupBy: 'month' });
    expect(report.months).toEqual([
      { month: '2026-09', revenue: '0.00', orders: 0, averageOrderValue: null },
      { month: '2026-10', revenue: '80.00', orders: 2, averageOrderValue: '40.00' },
      { month: '2026-11', revenue: '100.30', orders: 3, averageOrderValue: '33.43' },
    ]);
    expect(report.current.revenue).toBe('180.30');
    expect(report.owners).toBeUndefined();
  });

  it('groups by the customer owner with each owner share', async () => {
    const report = await revenueReport(t.db, { period: NOVEMBER, timeZone: NY, groupBy: 'owner' });
    expect(report.owners).toEqual([
      { ownerId: bob, ownerName: 'Bob', revenue: '100.00', orders: 1, averageOrderValue: '100.00', share: '99.7' },
      { ownerId: ann, ownerName: 'Ann', revenue: '0.30', orders: 2, averageOrderValue: '0.15', share: '0.3' },
    ]);
  });

  it('limits to one owner book, with no percent change from an empty previous period', async () => {
    const report = await revenueReport(t.db, { period: NOVEMBER, timeZone: NY, ownerId: ann });
    expect(report.current).toEqual({ revenue: '0.30', orders: 2, averageOrderValue: '0.15' });
    expect(report.previous).toEqual({ revenue: '0.00', orders: 0, averageOrderValue: null });
    expect(report.change).toEqual({ revenue: '0.30', revenuePct: null, orders: 2 });
  });

  it('reports zeros for a period without orders', async () => {
    const report = await revenueReport(t.db, { period: { start: '2025-01-01', end: '2025-01-31' }, timeZone: NY });
    expect(report.current).toEqual({ revenue: '0.00', orders: 0, averageOrderValue: null });
    expect(report.currency).toBe('USD');
  });
});
