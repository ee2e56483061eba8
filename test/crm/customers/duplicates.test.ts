import { beforeAll, describe, expect, it } from 'vitest';
import { findDuplicatePairs, type DuplicatePair } from '../../../src/crm/customers/duplicates.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addContact, addCustomer } from './crm-fixtures.js';

const t = useTestDatabase({ truncateEachTest: false });

const ids = new Map<string, number>();
const id = (name: string) => ids.get(name)!;

beforeAll(async () => {
  const add = async (name: string, values: { domain?: string; email?: string; phone?: string; kind?: 'company' | 'person' } = {}) => {
    ids.set(name, (await addCustomer(t.db, { name, ...values })).id);
  };
  await add('Acme Corp', { domain: 'acme.example' });
  await add('Acme Industries', { domain: 'acmeindustries.example' });
  await add('Initech', { domain: 'initech.example' });
  await add('Fabrikam', { domain: 'fabrikam.example' });
  await add('Tailspin Toys');
  await add('ACME Corporation');
  await add('Initech LLC', { domain: 'initech.example' });
  await add('Globex', { domain: 'globex.example' });
  await add('Globex Inc.', { domain: 'globex.de' });
  await add('Northwind Traders');
  await add('Northwnd Traders');
  await add('Wayne Enterprises', { domain: 'wayne.example' });
  await add('Bruce Wayne', { kind: 'person', email: 'bruce@wayne.example' });
  await addContact(t.db, id('Wayne Enterprises'), { name: 'Bruce Wayne', email: 'bruce@wayne.example' });
  await add('Stark Industries', { phone: '+12065550100' });
  await add('Stark Ind', { phone: '+12065550100' });
  await add('Tyrell Corp', { domain: 'tyrell.example', phone: '+12065550199' });
  await add('Cyberdyne Systems', { domain: 'cyberdyne.example', phone: '+12065550199' });
});

const names = (p: DuplicatePair) => [p.keep.name, p.duplicate.name];
const find = (pairs: DuplicatePair[], a: string, b: string) =>
  pairs.find((p) => (p.keep.name === a && p.duplicate.name === b) || (p.keep.name === b && p.duplicate.name === a));

describe('findDuplicatePairs', () => {
  it('finds the known duplicates with a confidence a person would agree with, and nothing else', async () => {
    const pairs = await findDuplicatePairs(t.db);
    expect(find(pairs, 'Initech', 'Initech LLC')).toMatchObject({ confidence: 'high', reasons: ['same website initech.example', 'same name apart from the legal suffix'] });
    expect(find(pairs, 'Wayne Enterprises', 'Bruce Wayne')).toMatchObject({ confidence: 'high', reasons: ['contact email bruce@wayne.example'] });
    expect(find(pairs, 'Stark Industries', 'Stark Ind')).toMatchObject({ confidence: 'medium' });
    expect(find(pairs, 'Acme Corp', 'ACME Corporation')).toMatchObject({ confidence: 'medium', score: 0.7, reasons: ['same name apart from the legal suffix'] });
    expect(find(pairs, 'Northwind Traders', 'Northwnd Traders')).toMatchObject({ confidence: 'low' });
    expect(find(pairs, 'Northwind Traders', 'Northwnd Traders')!.reasons[0]).toMatch(/^similar names \(\d+%\)$/);
    // Same name, but each has its own website: two companies more likely than one typed twice.
    expect(find(pairs, 'Globex', 'Globex Inc.')).toMatchObject({ confidence: 'low', reasons: ['same name apart from the legal suffix', 'different websites (globex.example, globex.de)'] });

    // A shared number (a group's switchboard) against two different websites.
    expect(find(pairs, 'Tyrell Corp', 'Cyberdyne Systems')).toMatchObject({ confidence: 'low', reasons: ['same phone number +12065550199', 'different websites (tyrell.example, cyberdyne.example)'] });

    expect(find(pairs, 'Acme Corp', 'Acme Industries')).toBeUndefined();
    expect(find(pairs, 'ACME Corporation', 'Acme Industries')).toBeUndefined();
    expect(pairs.some((p) => names(p).includes('Fabrikam') || names(p).includes('Tailspin Toys'))).toBe(false);
    expect(pairs).toHaveLength(7);
  });

  it('puts the older record first, orders best first, and gives the same list every time', async () => {
    const pairs = await findDuplicatePairs(t.db);
    for (const p of pairs) expect(p.keep.id).toBeLessThan(p.duplicate.id);
    const scores = pairs.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(pairs[0]!.confidence).toBe('high');
    expect(await findDuplicatePairs(t.db)).toEqual(pairs);
  });

  it('limits to customers named like the query, and to a minimum confidence', async () => {
    const acme = await findDuplicatePairs(t.db, { query: 'Acme' });
    expect(acme.map(names)).toEqual([['Acme Corp', 'ACME Corporation']]);
    const typo = await findDuplicatePairs(t.db, { query: 'Northwind' });
    expect(typo.map(names)).toEqual([['Northwind Traders', 'Northwnd Traders']]);
    expect(await findDuplicatePairs(t.db, { query: 'Zzyzx Unknown' })).toEqual([]);

    const high = await findDuplicatePairs(t.db, { minConfidence: 'high' });
    expect(high.map(names).sort()).toEqual([['Initech', 'Initech LLC'], ['Wayne Enterprises', 'Bruce Wayne']]);
    expect(await findDuplicatePairs(t.db, { limit: 2 })).toHaveLength(2);
  });
});
