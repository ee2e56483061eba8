import { describe, expect, it } from 'vitest';
import { searchCustomers } from '../../../src/crm/customers/customer-search.js';
import { resolveContact, resolveCustomer, updateContact, updateCustomer } from '../../../src/crm/customers/customer.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addContact, addCustomer, addUser, ctxFor } from './crm-fixtures.js';

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

// Names made of a few common words, as at scale: "Kitchens" alone is in 80 of them, more than a
// search reads of one word.
const FIRST = ['Atlas', 'Beacon', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbor', 'Iron', 'Juniper']
  .flatMap((a) => ['dale', 'gate', 'wood', 'view'].map((b) => `${a}${b}`));
const SECOND = ['Systems', 'Kitchens', 'Labs', 'Foods', 'Media', 'Travel'];

async function seedMany() {
  await t.db.insertInto('customers').values(FIRST.flatMap((a) => SECOND.map((b) => ({ name: `${a} ${b}` })))).execute();
  await t.db.insertInto('customers').values(FIRST.map((a) => ({ name: `${a} Kitchens Group` }))).execute();
}

describe('fuzzy customer search among many similar names', () => {
  it('puts the customer a typo was meant for first', async () => {
    await seedMany();
    const tandem = await addCustomer(t.db, { name: 'Tandem Systems' });
    await addCustomer(t.db, { name: 'Tandem Labs' });
    await addCustomer(t.db, { name: 'Random Systems' });
    for (const typed of ['Tandem Sytsems', 'tandme systems', 'Tandem Systms', 'Tandem Systems Inc']) {
      expect((await first(typed))?.customer.id, typed).toBe(tandem.id);
    }
    expect(await resolveCustomer(t.db, 'Tandem Sytsems')).toMatchObject({ kind: 'match', customer: { id: tandem.id } });
  });

  it('finds a swap of letters in a short word ("Ilsa" for "Isla")', async () => {
    await seedMany();
    const isla = await addCustomer(t.db, { name: 'Isla King', kind: 'person' });
    await t.db.insertInto('customers').values(['Ian', 'Ida', 'Ines', 'Iris', 'Ivan', 'Ivy'].map((n) => ({ name: `${n} King`, kind: 'person' as const }))).execute();
    expect((await first('Ilsa King'))?.customer.id).toBe(isla.id);
  });

  it('returns, for a common word, names with that word, those starting with it first', async () => {
    await seedMany();
    const own = await addCustomer(t.db, { name: 'Kitchens Direct' });
    const hits = await searchCustomers(t.db, 'Kitchens');
    expect(hits).toHaveLength(10);
    expect(hits[0]?.customer.id).toBe(own.id);
    for (const hit of hits) expect(hit.customer.name).toMatch(/\bKitchens\b/);
    expect((await resolveCustomer(t.db, 'Kitchens')).kind).toBe('ambiguous');
  });

  it('still resolves the exact name when a common word matches many more', async () => {
    await seedMany();
    const exact = await addCustomer(t.db, { name: 'Kitchens' });
    expect(await resolveCustomer(t.db, 'kitchens')).toMatchObject({ kind: 'match', customer: { id: exact.id } });
  });

  it("finds the customer through a misspelt contact among many with the same surname", async () => {
    await seedMany();
    const customers = await t.db.selectFrom('customers').select('id').orderBy('id').execute();
    const brownNames = ['Alan', 'Beth', 'Carl', 'Dina', 'Ella', 'Finn', 'Gina', 'Hugo', 'Iris', 'Jack'];
    await t.db.insertInto('contacts').values(customers.map((c, i) => ({ customer_id: c.id, name: `${brownNames[i % brownNames.length]} Brown` }))).execute();
    const initech = await addCustomer(t.db, { name: 'Initech' });
    await addContact(t.db, initech.id, { name: 'Betty Brown' });
    expect(await first('Btety Brown')).toMatchObject({ customer: { id: initech.id }, matchedOn: 'contact', contactName: 'Betty Brown' });
  });

  it('finds a customer or contact added or renamed a moment ago by a typo of its new name', async () => {
    await seedMany();
    const ann = await addUser(t.db, { name: 'Ann' });
    const added = await addCustomer(t.db, { name: 'Zyxcorp Analytics' });
    expect((await first('Zyxcrop Analytics'))?.customer.id).toBe(added.id);
    await updateCustomer(ctxFor(t.db, ann), added.id, { name: 'Quorvex Analytics' });
    expect((await first('Qourvex Analytics'))?.customer.id).toBe(added.id);
    const contact = await addContact(t.db, added.id, { name: 'Wendell Pike' });
    await updateContact(ctxFor(t.db, ann), contact.id, { name: 'Wendell Okonkwo' });
    expect(await first('Wendell Okonkow')).toMatchObject({ customer: { id: added.id }, contactName: 'Wendell Okonkwo' });
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

  it('asks which one when two customers have exactly the name typed, and takes the one when only one has', async () => {
    await seed();
    const rows = await t.db.insertInto('customers').values([{ name: 'Harbor Freight' }, { name: 'harbor  freight' }, { name: 'Harbor Freight Tools' }]).returning('id').execute();
    const twins = await resolveCustomer(t.db, 'Harbor Freight');
    expect(twins.kind).toBe('ambiguous');
    if (twins.kind === 'ambiguous') expect(twins.candidates.map((c) => c.customer.id).sort()).toEqual([rows[0]!.id, rows[1]!.id].sort());
    await t.db.deleteFrom('customers').where('id', '=', rows[1]!.id).execute();
    expect(await resolveCustomer(t.db, 'HARBOR FREIGHT')).toMatchObject({ kind: 'match', customer: { id: rows[0]!.id }, candidate: { score: 1, matchedOn: 'name' } });
    expect(await resolveCustomer(t.db, 'Harbor Freight Tools')).toMatchObject({ kind: 'match', customer: { id: rows[2]!.id } });
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
