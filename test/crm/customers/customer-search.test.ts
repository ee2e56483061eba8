import { describe, expect, it } from 'vitest';
import { searchCustomers } from '../../../src/crm/customers/customer-search.js';
import { resolveContact, resolveCustomer } from '../../../src/crm/customers/customer.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addContact, addCustomer } from './crm-fixtures.js';

const t = useTestDatabase();

async function seed() {
  const contoso = await addCustomer(t.db, { name: 'Contoso' });
  const northwind = await addCustomer(t.db, { name: 'Northwind Traders' });
  const initech = await addCustomer(t.db, { name: 'Initech', domain: 'initech.com', phone: '+12065550142' });
  const acmeCorp = await addCustomer(t.db, { name: 'Acme Corp' });
  const acmeIndustries = await addCustomer(t.db, { name: 'Acme Industries' });
  const globex = await addCustomer(t.db, { name: 'Globex Corporation', email: 'sales@globex.example' });
  const umbrella = await addCustomer(t.db, { name: 'Umbrella' });
  await addContact(t.db, initech.id, { name: 'Jane Cooper', email: 'jane@initech.com' });
  await addContact(t.db, umbrella.id, { name: 'Albert Wesker', phone: '+14155550100' });
  await addContact(t.db, contoso.id, { name: 'Jane Doe' });
  return { contoso, northwind, initech, acmeCorp, acmeIndustries, globex, umbrella };
}

const first = async (query: string) => (await searchCustomers(t.db, query))[0];

describe('fuzzy customer search', () => {
  it('finds a customer despite typos', async () => {
    const s = await seed();
    expect((await first('Contsoo'))?.customer.id).toBe(s.contoso.id);
    expect((await first('northwnd'))?.customer.id).toBe(s.northwind.id);
    expect((await first('Initek'))?.customer.id).toBe(s.initech.id);
  });

  it('finds partial names and ranks the right one first', async () => {
    const s = await seed();
    expect((await first('north'))?.customer.id).toBe(s.northwind.id);
    expect((await first('glob'))?.customer.id).toBe(s.globex.id);
    expect((await first('ini'))?.customer.id).toBe(s.initech.id);
    expect((await first('um'))?.customer.id).toBe(s.umbrella.id);
  });

  it('ignores legal suffixes such as Inc, Corp and LLC', async () => {
    const s = await seed();
    const hit = await first('Initech, Inc.');
    expect(hit).toMatchObject({ customer: { id: s.initech.id }, matchedOn: 'name' });
    expect(hit!.score).toBeGreaterThanOrEqual(0.9);
    expect((await first('globex llc'))?.customer.id).toBe(s.globex.id);
  });

  it("finds the customer by a contact's email, in any case, with score 1", async () => {
    const s = await seed();
    expect(await first('Jane@Initech.com')).toMatchObject({
      customer: { id: s.initech.id }, score: 1, matchedOn: 'email', contactName: 'Jane Cooper',
    });
    expect(await first('sales@globex.example')).toMatchObject({ customer: { id: s.globex.id }, score: 1, matchedOn: 'email' });
  });

  it("finds the company from an unknown person's email domain", async () => {
    const s = await seed();
    expect(await first('bob@initech.com')).toMatchObject({ customer: { id: s.initech.id }, score: 1, matchedOn: 'domain' });
    expect(await searchCustomers(t.db, 'someone@gmail.com')).toEqual([]);
  });

  it('finds customers and contacts by phone in any format', async () => {
    const s = await seed();
    expect(await first('(206) 555-0142')).toMatchObject({ customer: { id: s.initech.id }, score: 1, matchedOn: 'phone' });
    expect(await first('+1 415 555 0100')).toMatchObject({ customer: { id: s.umbrella.id }, matchedOn: 'phone', contactName: 'Albert Wesker' });
  });

  it('finds a customer by website or domain', async () => {
    const s = await seed();
    expect(await first('https://www.Initech.com/about')).toMatchObject({ customer: { id: s.initech.id }, score: 1, matchedOn: 'domain' });
    expect(await first('initech.com')).toMatchObject({ customer: { id: s.initech.id }, matchedOn: 'domain' });
  });

  it("finds the customer through a contact's name", async () => {
    const s = await seed();
    expect(await first('Albert Wesker')).toMatchObject({ customer: { id: s.umbrella.id }, matchedOn: 'contact', contactName: 'Albert Wesker' });
  });

  it('treats % and _ in a query literally', async () => {
    const juice = await addCustomer(t.db, { name: '100% Juice' });
    await addCustomer(t.db, { name: '1000 Islands' });
    await addCustomer(t.db, { name: 'Snake_Case Ltd' });
    await addCustomer(t.db, { name: 'Snakes Alive' });
    const hits = await searchCustomers(t.db, '100%');
    expect(hits[0]?.customer.id).toBe(juice.id);
    expect((await first('snake_'))?.customer.name).toBe('Snake_Case Ltd');
  });

  it('returns nothing for blank queries and survives SQL in the query', async () => {
    await seed();
    expect(await searchCustomers(t.db, '   ')).toEqual([]);
    await searchCustomers(t.db, "Robert'); drop table customers;--");
    expect((await first('North\u0000wind\u0007'))?.customer.name).toBe('Northwind Traders');
    expect((await t.db.selectFrom('customers').select('id').execute()).length).toBe(7);
  });
});

describe('resolving a customer', () => {
  it('says "acme" is ambiguous between Acme Corp and Acme Industries', async () => {
    const s = await seed();
    const result = await resolveCustomer(t.db, 'acme');
    expect(result.kind).toBe('ambiguous');
    if (result.kind !== 'ambiguous') return;
    expect(result.candidates.map((c) => c.customer.id).sort()).toEqual([s.acmeCorp.id, s.acmeIndustries.id].sort());
  });

  it('resolves a full name, a typo, or an email to one customer', async () => {
    const s = await seed();
    expect(await resolveCustomer(t.db, 'Acme Industries')).toMatchObject({ kind: 'match', customer: { id: s.acmeIndustries.id } });
    expect(await resolveCustomer(t.db, 'acme corp')).toMatchObject({ kind: 'match', customer: { id: s.acmeCorp.id } });
    expect(await resolveCustomer(t.db, 'contsoo')).toMatchObject({ kind: 'match', customer: { id: s.contoso.id } });
    expect(await resolveCustomer(t.db, 'northwnd')).toMatchObject({ kind: 'match', customer: { id: s.northwind.id } });
    expect(await resolveCustomer(t.db, 'jane@initech.com')).toMatchObject({ kind: 'match', customer: { id: s.initech.id } });
  });

  it('finds nothing for an unrelated name', async () => {
    await seed();
    expect(await resolveCustomer(t.db, 'Wayne Enterprises')).toMatchObject({ kind: 'none' });
  });

  it('caps ambiguous candidates at five', async () => {
    for (const n of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta']) await addCustomer(t.db, { name: `Acme ${n}` });
    const result = await resolveCustomer(t.db, 'acme');
    expect(result.kind).toBe('ambiguous');
    if (result.kind === 'ambiguous') expect(result.candidates).toHaveLength(5);
  });
});

describe('resolving a contact within a customer', () => {
  it('matches a first name to the full name', async () => {
    const s = await seed();
    expect(await resolveContact(t.db, s.initech.id, 'Jane')).toMatchObject({ kind: 'match', contact: { name: 'Jane Cooper' } });
    expect(await resolveContact(t.db, s.initech.id, 'jane@initech.com')).toMatchObject({ kind: 'match', contact: { name: 'Jane Cooper' } });
  });

  it('asks which one when two contacts share a first name', async () => {
    const s = await seed();
    await addContact(t.db, s.initech.id, { name: 'Jane Smith' });
    const result = await resolveContact(t.db, s.initech.id, 'jane');
    expect(result.kind).toBe('ambiguous');
    expect(await resolveContact(t.db, s.initech.id, 'jane smith')).toMatchObject({ kind: 'match', contact: { name: 'Jane Smith' } });
    expect(await resolveContact(t.db, s.initech.id, 'Peter')).toMatchObject({ kind: 'none' });
  });
});
