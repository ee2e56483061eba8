import { describe, expect, it } from 'vitest';
import { similarCustomerNames } from '../../src/import/customer-matching.js';
import { trigramSet } from '../../src/import/similar-names.js';
import { useTestDatabase } from '../support/test-db.js';

const t = useTestDatabase();

const EXISTING = [
  'Northwind Traders', 'Northwind Traders Ltd', 'Contoso Pharmaceuticals', 'Fabrikam Inc', 'Fabrikam Residences',
  'Blue Yonder Airlines', 'Wide World Importers', 'Tailspin Toys', 'Adventure Works Cycles', 'Müller Bäckerei GmbH',
  'Litware, Inc.', 'Alpine Ski House', 'Coho Winery', 'Proseware', 'Woodgrove Bank',
];
const QUERIES = [
  'Northwind Trader', 'northwind traders inc', 'Contoso Pharma', 'Fabrikam', 'Fabrikam Residence', 'Blue Yonder Airline',
  'Wide World Import', 'Tailspin', 'Adventure Work Cycles', 'Muller Backerei', 'Müller Bäckerei', 'Litware', 'Alpine Ski', 'Coho Winery Ltd',
  'Proseware Corp', 'Woodgrove', 'Something Else Entirely', 'Graphic Design Institute',
];

describe('similar customer names', () => {
  it('the in-memory matcher finds what the trigram index finds, with the same similarity', async () => {
    await t.db.insertInto('customers').values(EXISTING.map((name) => ({ name }))).execute();
    const byIndex = await similarCustomerNames(t.db, QUERIES, { inMemory: false });
    const inMemory = await similarCustomerNames(t.db, QUERIES, { inMemory: true });
    expect(byIndex.size).toBeGreaterThan(8);
    expect(inMemory).toEqual(byIndex);
    expect(byIndex.get('Northwind Trader')).toMatchObject({ name: 'Northwind Traders' });
    expect(byIndex.has('Something Else Entirely')).toBe(false);
  });

  it('splits words into trigrams the way pg_trgm does', () => {
    expect([...trigramSet('Acme, Co')].sort()).toEqual(['  a', '  c', ' ac', ' co', 'acm', 'cme', 'co ', 'me '].sort());
  });
});
