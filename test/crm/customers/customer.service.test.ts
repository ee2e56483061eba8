import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import { getCustomerCard } from '../../../src/crm/customers/customer-card.js';
import { findDuplicates, searchCustomers } from '../../../src/crm/customers/customer-search.js';
import { createContact, createCustomer, getCustomer, updateContact, updateCustomer } from '../../../src/crm/customers/customer.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addContact, addCustomer, addUser, count, ctxFor } from './crm-fixtures.js';

const t = useTestDatabase();

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('creating customers', () => {
  it('stores a trimmed name, lower-case email, E.164 phone and the domain of the website', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    const c = await createCustomer(ctxFor(t.db, ann), {
      name: '  Oceanic \u0007 Airlines  ', email: ' Info@Oceanic.COM ', phone: '(206) 555-0142', website: 'https://WWW.Oceanic.com/flights',
    });
    expect(c).toMatchObject({
      name: 'Oceanic Airlines', email: 'info@oceanic.com', phone: '+12065550142', domain: 'oceanic.com', owner_id: ann.id, kind: 'company',
    });
    const foreign = await createCustomer(ctxFor(t.db, ann), { name: 'Le Café', phone: '+33 1 23 45 67 89' });
    expect(foreign.phone).toBe('+33123456789');
  });

  it("takes the domain from a company email but not from a free-mail address", async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    expect((await createCustomer(ctxFor(t.db, ann), { name: 'Initech', email: 'bill@initech.com' })).domain).toBe('initech.com');
    expect((await createCustomer(ctxFor(t.db, ann), { name: 'Pat Doe', kind: 'person', email: 'pat@gmail.com' })).domain).toBeNull();
  });

  it('rejects an unreadable phone number with a helpful message and writes nothing', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    const error = await rejection(createCustomer(ctxFor(t.db, ann), { name: 'Hooli', phone: '12' }));
    expect(isAppError(error, 'invalid')).toBe(true);
    expect((error as Error).message).toBe('"12" is not a phone number I can read — try +1 206 555 0142.');
    expect(await count(t.db, 'customers')).toBe(0);
  });

  it('rejects bad emails, empty names and 201-character names', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    await expect(createCustomer(ctx, { name: 'Hooli', email: 'not-an-email' })).rejects.toThrow(/doesn't look like an email/);
    await expect(createCustomer(ctx, { name: '   ' })).rejects.toThrow(/can't be empty/);
    await expect(createCustomer(ctx, { name: 'x'.repeat(201) })).rejects.toThrow(/too long/);
    expect(await count(t.db, 'customers')).toBe(0);
  });

  it('stores names with quotes and SQL exactly as typed', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const name = "Robert'); drop table customers;--";
    const c = await createCustomer(ctx, { name });
    expect((await getCustomer(t.db, c.id)).name).toBe(name);
    expect((await searchCustomers(t.db, "Robert');"))[0]?.customer.id).toBe(c.id);
    expect(await count(t.db, 'customers')).toBe(1);
  });

  it('round-trips emoji names and finds them again', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const c = await createCustomer(ctx, { name: '🚀 Rocket Café 東京' });
    expect((await getCustomer(t.db, c.id)).name).toBe('🚀 Rocket Café 東京');
    expect((await searchCustomers(t.db, 'rocket café'))[0]?.customer.id).toBe(c.id);
    expect((await searchCustomers(t.db, '🚀 Rocket Café 東京'))[0]).toMatchObject({ score: 1 });
  });

  it('drops half an emoji (a lone surrogate) from a name instead of storing a replacement character', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const c = await createCustomer(ctx, { name: 'Rocket \ud83d Café 🚀\udc00' });
    expect((await getCustomer(t.db, c.id)).name).toBe('Rocket Café 🚀');
  });

  it('updates fields with the same normalisation and keeps untouched fields', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const c = await createCustomer(ctx, { name: 'Hooli', website: 'hooli.com' });
    const updated = await updateCustomer(ctx, c.id, { phone: '206.555.0142', industry: ' Tech ' });
    expect(updated).toMatchObject({ name: 'Hooli', domain: 'hooli.com', phone: '+12065550142', industry: 'Tech' });
    await expect(updateCustomer(ctx, 999, { name: 'X' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('duplicate guard', () => {
  it('finds existing customers by email, phone, domain and a similar name without suffix', async () => {
    const acme = await addCustomer(t.db, { name: 'Acme Corp', email: 'info@acme.com', phone: '+12065550142', domain: 'acme.com' });
    await addCustomer(t.db, { name: 'Globex' });
    expect(await findDuplicates(t.db, { email: 'INFO@acme.com' })).toMatchObject([{ customer: { id: acme.id }, reason: 'email' }]);
    expect(await findDuplicates(t.db, { phone: '206 555 0142' })).toMatchObject([{ customer: { id: acme.id }, reason: 'phone' }]);
    expect(await findDuplicates(t.db, { domain: 'https://acme.com' })).toMatchObject([{ customer: { id: acme.id }, reason: 'domain' }]);
    expect(await findDuplicates(t.db, { email: 'sales@acme.com' })).toMatchObject([{ customer: { id: acme.id }, reason: 'domain' }]);
    const byName = await findDuplicates(t.db, { name: 'ACME Corporation' });
    expect(byName).toMatchObject([{ customer: { id: acme.id }, reason: 'name', similarity: 1 }]);
    expect(await findDuplicates(t.db, { name: 'Acme Industries' })).toEqual([]);
    expect(await findDuplicates(t.db, { name: 'Initech', email: 'x@initech.com' })).toEqual([]);
  });

  it('refuses to create a likely duplicate unless told to, and never the same email', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const acme = await createCustomer(ctx, { name: 'Acme Corp', email: 'info@acme.com' });
    const error = await rejection(createCustomer(ctx, { name: 'Acme, Inc.' }));
    expect(error).toMatchObject({ code: 'conflict', details: { duplicates: [{ id: acme.id, name: 'Acme Corp', reason: 'name' }] } });
    expect((error as Error).message).toContain('Acme Corp');
    expect(await createCustomer(ctx, { name: 'Acme, Inc.', allowSimilar: true })).toMatchObject({ name: 'Acme, Inc.' });
    await expect(createCustomer(ctx, { name: 'Other', email: 'INFO@acme.com', allowSimilar: true }))
      .rejects.toMatchObject({ code: 'conflict', message: 'Acme Corp already has the email info@acme.com.' });
    expect(await count(t.db, 'customers')).toBe(2);
  });
});

describe('contacts', () => {
  it('normalises contact fields', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const c = await addCustomer(t.db, { name: 'Initech' });
    const jane = await createContact(ctx, { customerId: c.id, name: ' Jane  Cooper ', email: 'Jane@Initech.com', phone: '+1 (206) 555-0142', title: 'CTO' });
    expect(jane).toMatchObject({ name: 'Jane Cooper', email: 'jane@initech.com', phone: '+12065550142', title: 'CTO', customer_id: c.id });
  });

  it('refuses an email that differs only in case, naming the existing contact, and writes nothing', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const initech = await addCustomer(t.db, { name: 'Initech' });
    const other = await addCustomer(t.db, { name: 'Globex' });
    await addContact(t.db, initech.id, { name: 'Bill Lumbergh', email: 'bill@initech.com' });
    const error = await rejection(createContact(ctx, { customerId: other.id, name: 'Bill L', email: 'BILL@Initech.com' }));
    expect(error).toMatchObject({ code: 'conflict' });
    expect((error as Error).message).toBe('Bill Lumbergh at Initech already has the email bill@initech.com.');
    expect(await count(t.db, 'contacts')).toBe(1);
  });

  it('rejects an invalid contact phone and leaves the contact unchanged on update', async () => {
    const ctx = ctxFor(t.db, await addUser(t.db, { name: 'Ann' }));
    const c = await addCustomer(t.db, { name: 'Initech' });
    const jane = await createContact(ctx, { customerId: c.id, name: 'Jane' });
    await expect(updateContact(ctx, jane.id, { name: 'Jane Cooper', phone: '555' })).rejects.toMatchObject({ code: 'invalid' });
    expect((await t.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()).name).toBe('Jane');
    expect(await updateContact(ctx, jane.id, { name: 'Jane Cooper' })).toMatchObject({ name: 'Jane Cooper' });
  });
});

describe('customer card', () => {
  it('shows owner, contacts, open deals and tickets, last 3 activities, exact revenue, next reminder and segment', async () => {
    const ann = await addUser(t.db, { name: 'Ann Lee' });
    const ctx = ctxFor(t.db, ann);
    const acme = await createCustomer(ctx, { name: 'Acme' });
    const jane = await addContact(t.db, acme.id, { name: 'Jane Cooper' });
    await t.db.insertInto('deals').values([
      { customer_id: acme.id, title: 'Renewal', amount: '50000.00', stage: 'negotiation', close_date: '2026-12-15' },
      { customer_id: acme.id, title: 'Platform', amount: '9876543210.10', stage: 'proposal' },
      { customer_id: acme.id, title: 'Old', amount: '10.00', stage: 'won' },
    ]).execute();
    await t.db.insertInto('tickets').values([{ customer_id: acme.id, subject: 'SSO fails' }, { customer_id: acme.id, subject: 'Done', status: 'closed' }]).execute();
    for (const [i, day] of ['01', '02', '03', '04'].entries()) {
      await t.db.insertInto('activities').values({
        customer_id: acme.id, kind: 'call', summary: `call ${i + 1}`, author_id: ann.id, contact_id: jane.id, occurred_at: `2026-11-${day}T12:00:00Z`,
      }).execute();
    }
    await t.db.insertInto('orders').values([
      { customer_id: acme.id, total: '0.10' }, { customer_id: acme.id, total: '0.20' }, { customer_id: acme.id, total: '1999.99' },
    ]).execute();
    await t.db.insertInto('reminders').values([
      { owner_id: ann.id, text: 'later', due_at: '2026-12-01T14:00:00Z', customer_id: acme.id },
      { owner_id: ann.id, text: 'sooner', due_at: '2026-11-20T14:00:00Z', customer_id: acme.id },
      { owner_id: ann.id, text: 'done', due_at: '2026-11-01T14:00:00Z', customer_id: acme.id, done_at: '2026-11-02T00:00:00Z' },
    ]).execute();
    await t.db.insertInto('segments').values([
      { customer_id: acme.id, method: 'rfm', period_start: '2026-09-01', period_end: '2026-09-30', label: 'At risk' },
      { customer_id: acme.id, method: 'rfm', period_start: '2026-10-01', period_end: '2026-10-31', label: 'Champions' },
    ]).execute();

    const card = await getCustomerCard(t.db, acme.id);
    expect(card.ownerName).toBe('Ann Lee');
    expect(card.contacts.map((c) => c.name)).toEqual(['Jane Cooper']);
    // Soonest close first, undated last; amounts exact to the cent however large.
    expect(card.openDeals).toEqual([
      expect.objectContaining({ title: 'Renewal', amount: '50000.00', currency: 'USD', stage: 'negotiation', closeDate: '2026-12-15' }),
      expect.objectContaining({ title: 'Platform', amount: '9876543210.10', closeDate: null }),
    ]);
    expect(card.openTickets.map((x) => x.subject)).toEqual(['SSO fails']);
    expect(card.recentActivities.map((a) => a.summary)).toEqual(['call 4', 'call 3', 'call 2']);
    expect(card.recentActivities[0]).toMatchObject({ authorName: 'Ann Lee', contactName: 'Jane Cooper', occurredAt: new Date('2026-11-04T12:00:00Z') });
    expect(card.contacts[0]!.created_at).toBeInstanceOf(Date);
    expect(card.lifetimeRevenue).toBe('2000.29');
    expect(card.nextReminder).toMatchObject({ text: 'sooner', dueAt: new Date('2026-11-20T14:00:00Z') });
    expect(card.openTickets[0]!.createdAt).toBeInstanceOf(Date);
    expect(card.segment).toBe('Champions');
  });

  it('shows zero revenue and no reminder or segment for a new customer', async () => {
    const c = await addCustomer(t.db, { name: 'New Co' });
    const card = await getCustomerCard(t.db, c.id);
    expect(card).toMatchObject({ lifetimeRevenue: '0.00', nextReminder: null, segment: null, ownerName: null, openDeals: [], recentActivities: [] });
    await expect(getCustomerCard(t.db, 9999)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('totals each currency exactly, and reads the same card inside a transaction as on the pool', async () => {
    const c = await addCustomer(t.db, { name: 'Globex' });
    await t.db.insertInto('orders').values([
      { customer_id: c.id, total: '10.05', currency: 'EUR' }, { customer_id: c.id, total: '0.95', currency: 'EUR' },
      { customer_id: c.id, total: '99.99', currency: 'USD' },
    ]).execute();
    const card = await getCustomerCard(t.db, c.id);
    expect(card.revenueByCurrency).toEqual([{ currency: 'EUR', total: '11.00' }, { currency: 'USD', total: '99.99' }]);
    expect(card.lifetimeRevenue).toBe('110.99');
    const inTx = await t.db.transaction().execute((tx) => getCustomerCard(tx, c.id));
    expect(inTx).toEqual(card);
    await expect(t.db.transaction().execute((tx) => getCustomerCard(tx, 9999))).rejects.toMatchObject({ code: 'not_found' });
  });
});
