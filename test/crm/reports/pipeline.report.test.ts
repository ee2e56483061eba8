import { beforeEach, describe, expect, it } from 'vitest';
import { pipelineReport } from '../../../src/crm/reports/pipeline.report.js';
import type { NewDeal } from '../../../src/crm/deals/deal.table.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addCustomer, addUser } from './report-fixtures.js';

const t = useTestDatabase();
const NY = 'America/New_York';
let ann: number;

beforeEach(async () => {
  ann = await addUser(t.db, 'Ann');
  const bob = await addUser(t.db, 'Bob');
  const acme = await addCustomer(t.db, 'Acme');
  const deal = (d: Omit<NewDeal, 'customer_id' | 'title'>): NewDeal => ({ customer_id: acme, title: 'Deal', owner_id: bob, ...d });
  await t.db.insertInto('deals').values([
    deal({ stage: 'lead', amount: '1000.00', close_date: '2026-11-30', owner_id: ann }),
    deal({ stage: 'lead', amount: null }),
    deal({ stage: 'qualified', amount: '2000.00', close_date: '2026-12-15' }),
    deal({ stage: 'qualified', amount: '3000.00', close_date: '2026-11-01' }),
    deal({ stage: 'proposal', amount: '10000.00', close_date: '2026-11-15' }),
    deal({ stage: 'negotiation', amount: '999.99' }),
    deal({ stage: 'proposal', amount: '4000.00', currency: 'EUR', close_date: '2026-11-20' }),
    deal({ stage: 'won', amount: '5000.00', closed_at: '2026-11-10T15:00:00Z', owner_id: ann }),
    deal({ stage: 'won', amount: '1234.00', closed_at: '2026-09-01T15:00:00Z' }),
    // Oct 31, 23:30 in New York: October's, even though it is November in UTC.
    deal({ stage: 'lost', amount: '700.00', closed_at: '2026-10-31T23:30:00-04:00' }),
    deal({ stage: 'lost', amount: '300.00', closed_at: '2026-11-12T15:00:00Z' }),
  ]).execute();
});

describe('pipeline report', () => {
  it('lists every open deal by stage with probability-weighted amounts, per currency', async () => {
    const report = await pipelineReport(t.db, { timeZone: NY });
    expect(report.period).toBeUndefined();
    expect(report.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR']);
    const usd = report.currencies[0]!;
    expect(usd.stages).toEqual([
      { stage: 'lead', probabilityPct: '10', deals: 2, amount: '1000.00', weightedAmount: '100.00' },
      { stage: 'qualified', probabilityPct: '25', deals: 2, amount: '5000.00', weightedAmount: '1250.00' },
      { stage: 'proposal', probabilityPct: '50', deals: 1, amount: '10000.00', weightedAmount: '5000.00' },
      { stage: 'negotiation', probabilityPct: '75', deals: 1, amount: '999.99', weightedAmount: '749.99' },
    ]);
    expect(usd.open).toEqual({ deals: 6, amount: '16999.99', weightedAmount: '7099.99' });
    // No period: won and lost over all time.
    expect(usd.won).toEqual({ deals: 2, amount: '6234.00' });
    expect(usd.lost).toEqual({ deals: 2, amount: '1000.00' });
    expect(usd.winRatePct).toBe('50.0');
    const eur = report.currencies[1]!;
    expect(eur.open).toEqual({ deals: 1, amount: '4000.00', weightedAmount: '2000.00' });
    expect(eur.stages.map((s) => s.deals)).toEqual([0, 0, 1, 0]);
    expect(eur.won).toEqual({ deals: 0, amount: '0.00' });
    expect(eur.winRatePct).toBeNull();
  });

  it('with a period, keeps deals closing in it and deals won or lost in it', async () => {
    const report = await pipelineReport(t.db, { period: { start: '2026-11-01', end: '2026-11-30' }, timeZone: NY });
    const usd = report.currencies.find((c) => c.currency === 'USD')!;
    expect(usd.stages.map((s) => [s.stage, s.deals, s.amount, s.weightedAmount])).toEqual([
      ['lead', 1, '1000.00', '100.00'],
      ['qualified', 1, '3000.00', '750.00'],
      ['proposal', 1, '10000.00', '5000.00'],
      ['negotiation', 0, '0.00', '0.00'],
    ]);
    expect(usd.won).toEqual({ deals: 1, amount: '5000.00' });
    expect(usd.lost).toEqual({ deals: 1, amount: '300.00' });
  });

  it('limits to one owner', async () => {
    const report = await pipelineReport(t.db, { timeZone: NY, ownerId: ann });
    expect(report.currencies).toHaveLength(1);
    expect(report.currencies[0]!.open).toEqual({ deals: 1, amount: '1000.00', weightedAmount: '100.00' });
    expect(report.currencies[0]!.won).toEqual({ deals: 1, amount: '5000.00' });
  });

  it('is empty without deals', async () => {
    await t.db.deleteFrom('deals').execute();
    expect(await pipelineReport(t.db, { timeZone: NY })).toEqual({ period: undefined, currencies: [] });
  });
});
