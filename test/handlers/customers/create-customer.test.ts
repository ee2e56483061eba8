import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { guessCustomerKind } from '../../../src/handlers/customers/create-customer.flow.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

const customersNamed = (name: string) =>
  t.db.selectFrom('customers').selectAll().where('name', '=', name).orderBy('id').execute();

describe('adding customers and contacts', () => {
  it('adds a new company owned by the user, and Undo removes it', async () => {
    const chat = await chatAs(t.db, { user: 'Create One' });
    const added = await chat.say('add customer Zenith Labs');
    expect(chat.text(added)).toContain('Added Zenith Labs as a new customer, owned by you.');
    const [row] = await customersNamed('Zenith Labs');
    expect(row).toMatchObject({ kind: 'company', owner_id: chat.userId });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'customer.create').where('entity_id', '=', row!.id).execute();
    expect(audit).toHaveLength(1);

    expect(chat.text(await chat.click(added, 'Undo'))).toBe('✓ Removed Zenith Labs.');
    expect(await customersNamed('Zenith Labs')).toEqual([]);
  });

  it('warns that Acme Corp already exists and shows it on “Use Acme Corp”', async () => {
    const chat = await chatAs(t.db, { user: 'Create Two' });
    const warned = await chat.say('add customer Acme Corp');
    expect(chat.text(warned)).toContain('Looks like Acme Corp already exists (same name).');
    expect(await customersNamed('Acme Corp')).toHaveLength(1);
    const card = chat.text(await chat.click(warned, 'Use Acme Corp'));
    expect(card).toMatch(/^Acme Corp\n/);
    expect(card).toContain('Jane Cooper');
  });

  it('says which field matched (same domain) and creates anyway when asked', async () => {
    const chat = await chatAs(t.db, { user: 'Create Three' });
    const warned = await chat.say('add customer Acme Holdings, ops@acme.example');
    expect(chat.text(warned)).toContain('Looks like Acme Corp already exists (same domain).');
    expect(await customersNamed('Acme Holdings')).toEqual([]);

    const created = await chat.click(warned, 'Create anyway');
    expect(chat.text(created)).toContain('Added Acme Holdings as a new customer');
    const [row] = await customersNamed('Acme Holdings');
    expect(row).toMatchObject({ email: 'ops@acme.example', domain: 'acme.example', owner_id: chat.userId });

    // The pending command is used up: a second click creates nothing more.
    expect(chat.text(await chat.click(warned, 'Create anyway'))).toContain('expired or was already handled');
    expect(await customersNamed('Acme Holdings')).toHaveLength(1);
    expect(chat.text(await chat.click(created, 'Undo'))).toBe('✓ Removed Acme Holdings.');
  });

  it('refuses an invalid phone number clearly and writes nothing', async () => {
    const chat = await chatAs(t.db, { user: 'Create Four' });
    const auditBefore = await t.db.selectFrom('audit_log').select('id').where('actor_id', '=', chat.userId).execute();
    const out = chat.text(await chat.say('new customer Oceanic Airlines, phone 0000000'));
    expect(out).toContain('"0000000" is not a phone number I can read');
    expect(await customersNamed('Oceanic Airlines')).toEqual([]);
    expect(await t.db.selectFrom('audit_log').select('id').where('actor_id', '=', chat.userId).execute()).toEqual(auditBefore);
  });

  it('adds a person as a contact at the company they work for, and Undo removes only the contact', async () => {
    const chat = await chatAs(t.db, { user: 'Create Five' });
    const added = await chat.say('new contact: Ann Lee at Contoso, ann@contoso.com');
    expect(chat.text(added)).toContain('Added Ann Lee as a contact at Contoso.');
    const contact = await t.db
      .selectFrom('contacts')
      .innerJoin('customers', 'customers.id', 'contacts.customer_id')
      .select(['contacts.name', 'contacts.email', 'customers.name as customer'])
      .where('contacts.email', '=', 'ann@contoso.com')
      .execute();
    expect(contact).toEqual([{ name: 'Ann Lee', email: 'ann@contoso.com', customer: 'Contoso' }]);
    expect(await customersNamed('Ann Lee')).toEqual([]);

    expect(chat.text(await chat.click(added, 'Undo'))).toBe('✓ Removed Ann Lee from the contacts at Contoso.');
    expect(await t.db.selectFrom('contacts').select('id').where('email', '=', 'ann@contoso.com').execute()).toEqual([]);
    expect(await customersNamed('Contoso')).toHaveLength(1);
  });

  it('records a person with a free-mail address as a person customer', async () => {
    const chat = await chatAs(t.db, { user: 'Create Six' });
    await chat.say('add customer Jane Doe, jane.doe@hotmail.com');
    const [row] = await customersNamed('Jane Doe');
    expect(row).toMatchObject({ kind: 'person', email: 'jane.doe@hotmail.com', domain: null });
  });

  it('keeps a new customer on Undo once something was logged against it', async () => {
    const chat = await chatAs(t.db, { user: 'Create Seven' });
    const added = await chat.say('add customer Quillfeather Studio');
    await chat.say('log a meeting with Quillfeather Studio');
    const out = chat.text(await chat.click(added, 'Undo'));
    expect(out).toContain('Quillfeather Studio already has activities recorded, so I kept it.');
    expect(await customersNamed('Quillfeather Studio')).toHaveLength(1);
  });
});

describe('guessing whether a new customer is a person', () => {
  it('needs both a person-like name and a free-mail address', () => {
    expect(guessCustomerKind('Jane Doe', 'jane@gmail.com')).toBe('person');
    expect(guessCustomerKind('Jane Doe', 'jane@doe-consulting.com')).toBe('company');
    expect(guessCustomerKind('Jane Doe', undefined)).toBe('company');
    expect(guessCustomerKind('Doe Holdings Ltd', 'info@gmail.com')).toBe('company');
    expect(guessCustomerKind('oceanic airlines', 'ops@gmail.com')).toBe('company');
  });
});
