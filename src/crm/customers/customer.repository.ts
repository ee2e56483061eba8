import type { DbOrTx } from '../../db/database.js';
import type { Contact, ContactUpdate, Customer, CustomerUpdate, NewContact, NewCustomer } from './customer.table.js';

// Plain data access: callers validate and normalise first (see customer.service.ts).

export async function insertCustomer(db: DbOrTx, customer: NewCustomer): Promise<Customer> {
  return db.insertInto('customers').values(customer).returningAll().executeTakeFirstOrThrow();
}

export async function updateCustomerRow(db: DbOrTx, id: number, patch: CustomerUpdate): Promise<Customer | undefined> {
  return db.updateTable('customers').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function findCustomerById(db: DbOrTx, id: number): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCustomersByIds(db: DbOrTx, ids: readonly number[]): Promise<Customer[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('customers').selectAll().where('id', 'in', ids).execute();
}

export async function findCustomerByEmail(db: DbOrTx, email: string): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function insertContact(db: DbOrTx, contact: NewContact): Promise<Contact> {
  return db.insertInto('contacts').values(contact).returningAll().executeTakeFirstOrThrow();
}

export async function updateContactRow(db: DbOrTx, id: number, patch: ContactUpdate): Promise<Contact | undefined> {
  return db.updateTable('contacts').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function findContactById(db: DbOrTx, id: number): Promise<Contact | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The contact holding `email` (already normalised) together with its customer's name. */
export async function findContactByEmail(
  db: DbOrTx,
  email: string,
): Promise<(Contact & { customer_name: string }) | undefined> {
  return db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .selectAll('contacts')
    .select('customers.name as customer_name')
    .where('contacts.email', '=', email)
    .executeTakeFirst();
}

export async function listContacts(db: DbOrTx, customerId: number): Promise<Contact[]> {
  return db.selectFrom('contacts').selectAll().where('customer_id', '=', customerId).orderBy('name').orderBy('id').execute();
}
