import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/import/import-csv.js';
import { formatImportReport } from '../../src/import/import-report.js';
import { useTestDatabase } from '../support/test-db.js';

const t = useTestDatabase();

const count = async (table: 'customers' | 'contacts' | 'orders' | 'order_lines' | 'activities' | 'products') =>
  Number((await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n);

const customers = () => t.db.selectFrom('customers').select(['id', 'name', 'email', 'phone', 'domain', 'industry']).orderBy('id').execute();

const CUSTOMERS = [
  'Account Name,E-mail,Tel,Website,Industry,Favourite colour',
  '  Acme   Corp ,SALES@ACME.COM,(206) 555-0142,https://www.acme.com/about,,blue',
  'Initech,info@initech.com,+44 20 7946 0958,,Software,green',
  'acme corp,,,,Manufacturing,red',
].join('\n');

describe('importCsv: customers', () => {
  it('a dry run reports what would change and writes nothing', async () => {
    const report = await importCsv(t.db, { text: CUSTOMERS, dryRun: true });
    expect(report).toMatchObject({ kind: 'customers', dryRun: true, written: false, rowsRead: 3, validRows: 3 });
    expect(report.create.customers).toBe(2);
    expect(report.ignoredColumns).toEqual(['Favourite colour']);
    expect(await count('customers')).toBe(0);
    expect(formatImportReport(report)).toMatch(/dry run: nothing written[\s\S]*to create:\s+2 customers/);
  });

  it('writes normalised emails, phones and domains, merging rows of one company and filling its gaps', async () => {
    const report = await importCsv(t.db, { text: CUSTOMERS, dryRun: false });
    expect(report.written).toBe(true);
    expect(report.mergedInFile).toEqual([{ lines: [2, 4], name: 'Acme Corp', on: ['name'], conflicts: [] }]);
    expect(await customers()).toEqual([
      { id: 1, name: 'Acme Corp', email: 'sales@acme.com', phone: '+12065550142', domain: 'acme.com', industry: 'Manufacturing' },
      { id: 2, name: 'Initech', email: 'info@initech.com', phone: '+442079460958', domain: 'initech.com', industry: 'Software' },
    ]);
  });

  it('rejects invalid rows with their line numbers and reasons and imports the rest', async () => {
    const text = 'Company;Email;Phone\nGood Co;hello@good.co;\nBad Mail;not-an-email;\nBad Phone;;12\n;x@y.com;\nFine Ltd;;+1 415 555 0100\n';
    const report = await importCsv(t.db, { text, dryRun: false });
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(report.rejected[0]!.reason).toMatch(/email: "not-an-email" doesn't look like an email address/);
    expect(report.rejected[1]!.reason).toMatch(/phone: "12" is not a phone number/);
    expect(report.rejected[2]!.reason).toMatch(/customer name is empty/);
    expect((await customers()).map((c) => c.name)).toEqual(['Good Co', 'Fine Ltd']);
  });

  it('enriches an existing customer with the same email instead of duplicating it', async () => {
    await t.db.insertInto('customers').values({ name: 'Globex Corporation', email: 'hq@globex.com', industry: 'Energy' }).execute();
    const report = await importCsv(t.db, { text: 'Company,Email,Phone,Industry\nGlobex,HQ@globex.com,206-555-0199,Chemicals\n', dryRun: false });
    expect(report.create.customers).toBe(0);
    expect(report.update.customers).toBe(1);
    expect(report.enrichments).toEqual([
      { entity: 'customers', lines: [2], name: 'Globex', existingId: 1, existingName: 'Globex Corporation', matchedOn: 'email', filled: ['phone', 'domain'] },
    ]);
    expect(await customers()).toEqual([
      { id: 1, name: 'Globex Corporation', email: 'hq@globex.com', phone: '+12065550199', domain: 'globex.com', industry: 'Energy' },
    ]);
  });

  it('imports a fuzzy name match as new and reports it as a possible duplicate', async () => {
    await t.db.insertInto('customers').values({ name: 'Northwind Traders' }).execute();
    const report = await importCsv(t.db, { text: 'Company\nNorthwind Trader Inc\n', dryRun: false });
    expect(report.create.customers).toBe(1);
    expect(report.possibleDuplicates).toHaveLength(1);
    expect(report.possibleDuplicates[0]).toMatchObject({ lines: [2], name: 'Northwind Trader Inc', existingId: 1, existingName: 'Northwind Traders' });
    expect(report.possibleDuplicates[0]!.similarity).toBeGreaterThanOrEqual(0.6);
    expect(formatImportReport(report)).toMatch(/possible duplicate of #1 "Northwind Traders" \(similarity 0\.\d\d\)/);
    expect(await count('customers')).toBe(2);
  });

  it('writes nothing at all when the database refuses one row', async () => {
    await sql`alter table customers add constraint import_test_no_evil check (name <> 'Evil Corp')`.execute(t.db);
    try {
      const text = 'Company\nFirst Co\nEvil Corp\nLast Co\n';
      await expect(importCsv(t.db, { text, dryRun: false })).rejects.toThrow(/refused the import.*nothing was imported/);
      expect(await count('customers')).toBe(0);
    } finally {
      await sql`alter table customers drop constraint import_test_no_evil`.execute(t.db);
    }
  });

  it('fails clearly on a missing required column, an unreadable file and a binary file', async () => {
    await expect(importCsv(t.db, { text: 'Email,Phone\na@b.com,\n', kind: 'customers', dryRun: false })).rejects.toThrow(/Missing required column for customers: name/);
    await expect(importCsv(t.db, { path: '/nonexistent/customers.csv', dryRun: true })).rejects.toThrow(/no such file/);
    await expect(importCsv(t.db, { bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), dryRun: false, sourceName: 'x.xlsx' })).rejects.toThrow(/binary/);
    await expect(importCsv(t.db, { bytes: Buffer.from('Company\nCaf\xe9 M\xfcller\n', 'latin1'), dryRun: false })).rejects.toThrow(/not UTF-8/);
    expect(await count('customers')).toBe(0);
  });

  it('reports a file with no valid rows as such', async () => {
    const report = await importCsv(t.db, { text: 'Company,Email\nA,bad\nB,worse\n', dryRun: false });
    expect(report).toMatchObject({ validRows: 0, written: false });
    expect(formatImportReport(report)).toMatch(/Nothing valid to import/);
  });
});

describe('importCsv: contacts, orders, activities', () => {
  it('imports contacts onto existing and new companies, merging duplicates within the file', async () => {
    await t.db.insertInto('customers').values({ name: 'Acme Inc', domain: 'acme.com' }).execute();
    const text = [
      'First Name,Last Name,Company,Email Address,Mobile,Job Title',
      'Jane,Cooper,ACME,Jane@Acme.com,,CTO',
      'Jane ,Cooper,Acme,,(206) 555-0142,',
      'Bob,Stone,Umbrella,bob@umbrella.io,,',
      'Ann,Lee,,ann@acme.com,,',
    ].join('\n');
    const report = await importCsv(t.db, { text, dryRun: false });
    expect(report.kind).toBe('contacts');
    expect(report.create).toMatchObject({ customers: 1, contacts: 3 });
    expect(report.mergedInFile).toMatchObject([{ lines: [2, 3], name: 'Jane Cooper', on: ['name'] }]);
    const contacts = await t.db.selectFrom('contacts').innerJoin('customers', 'customers.id', 'contacts.customer_id')
      .select(['contacts.name', 'contacts.email', 'contacts.phone', 'contacts.title', 'customers.name as company']).orderBy('contacts.id').execute();
    expect(contacts).toEqual([
      { name: 'Jane Cooper', email: 'jane@acme.com', phone: '+12065550142', title: 'CTO', company: 'Acme Inc' },
      { name: 'Bob Stone', email: 'bob@umbrella.io', phone: null, title: null, company: 'Umbrella' },
      { name: 'Ann Lee', email: 'ann@acme.com', phone: null, title: null, company: 'Acme Inc' },
    ]);
    expect((await customers()).find((c) => c.name === 'Umbrella')?.domain).toBe('umbrella.io');
  });

  it('imports orders with exact amounts and lines, rejecting unknown customers and ambiguous dates', async () => {
    await t.db.insertInto('customers').values([{ name: 'Acme Inc', email: 'ap@acme.com' }, { name: 'Initech' }]).execute();
    const text = [
      'Customer;Product;Qty;Total;Currency;Order Date',
      'Acme;Widget;3;"1.200,50 €";EUR;18.11.2026',
      'ap@acme.com;Widget;1;99;;2026-11-19',
      'Initech;;;"12,5";USD;19.11.2026',
      'Nobody;Widget;1;10;USD;2026-11-19',
      'Initech;Gadget;0;10;USD;2026-11-19',
      'Initech;Gadget;1;10;USD;03/04/2026',
    ].join('\n');
    const report = await importCsv(t.db, { text, dryRun: false, region: 'DE' });
    expect(report.kind).toBe('orders');
    expect(report.rejected).toEqual([
      { line: 5, reason: 'customer "Nobody" is not in the CRM — import it with the customers first' },
      { line: 6, reason: 'quantity "0" is not a whole number above zero' },
      { line: 7, reason: 'date "03/04/2026" is ambiguous (March 4 or April 3?) — write it as 2026-MM-DD' },
    ]);
    const orders = await t.db.selectFrom('orders').innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .leftJoin('products', 'products.id', 'order_lines.product_id')
      .select(['orders.customer_id', 'orders.total', 'orders.currency', 'orders.ordered_at', 'order_lines.quantity', 'order_lines.unit_price', 'products.name as product'])
      .orderBy('orders.id').execute();
    expect(orders.map((o) => ({ ...o, ordered_at: o.ordered_at.toISOString(), unit_price: Number(o.unit_price).toFixed(4) }))).toEqual([
      { customer_id: 1, total: '1200.50', currency: 'EUR', ordered_at: '2026-11-18T12:00:00.000Z', quantity: 3, unit_price: '400.1667', product: 'Widget' },
      { customer_id: 1, total: '99.00', currency: 'USD', ordered_at: '2026-11-19T12:00:00.000Z', quantity: 1, unit_price: '99.0000', product: 'Widget' },
      { customer_id: 2, total: '12.50', currency: 'USD', ordered_at: '2026-11-19T12:00:00.000Z', quantity: 1, unit_price: '12.5000', product: null },
    ]);
    expect(await count('products')).toBe(1);
    expect(report.warnings.join('\n')).toMatch(/USD assumed/);
  });

  it('imports activities with kinds, authors and dates', async () => {
    await t.db.insertInto('customers').values({ name: 'Acme Inc' }).execute();
    await t.db.insertInto('users').values({ name: 'Dana Scully', email: 'dana@rapport.test' }).execute();
    const text = 'Account,Type,Notes,Date,Owner\nAcme,Phone call,Talked pricing,11/18/2026,dana@rapport.test\nAcme,Lunch,,11/20/2026,Fox\nAcme,Fax,x,11/21/2026,\n';
    const report = await importCsv(t.db, { text, dryRun: false });
    expect(report.kind).toBe('activities');
    expect(report.rejected).toEqual([{ line: 4, reason: 'type "Fax" is not one of call, meeting, email, note' }]);
    expect(report.warnings).toEqual(['owner "Fox" is not a Rapport user (line 3): left unassigned']);
    const rows = await t.db.selectFrom('activities').select(['kind', 'summary', 'author_id', 'occurred_at']).orderBy('id').execute();
    expect(rows).toEqual([
      { kind: 'call', summary: 'Talked pricing', author_id: 1, occurred_at: new Date('2026-11-18T12:00:00Z') },
      { kind: 'meeting', summary: null, author_id: null, occurred_at: new Date('2026-11-20T12:00:00Z') },
    ]);
  });
});
