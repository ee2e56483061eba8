import { AppError, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';

// The customer service has no delete (nothing but Undo should remove a customer), so the
// exact reversal of "add customer"/"new contact" lives here. Deleting a customer cascades to
// everything hung on it, so Undo refuses once anything has been: that would be data loss,
// not undoing a typo.

const CUSTOMER_DEPENDENTS = ['contacts', 'activities', 'reminders', 'tickets', 'deals', 'orders', 'campaign_members'] as const;

export async function removeNewCustomer(db: DbOrTx, id: number): Promise<{ name: string }> {
  const customer = await db.selectFrom('customers').select(['id', 'name']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!customer) throw notFound('That customer is already gone, so there is nothing to undo.');
  for (const table of CUSTOMER_DEPENDENTS) {
    const used = await db.selectFrom(table).select('customer_id').where('customer_id', '=', id).limit(1).executeTakeFirst();
    if (used) {
      throw new AppError('conflict', `${customer.name} already has ${table.replace('_', ' ')} recorded, so I kept it. Change it directly instead.`);
    }
  }
  await db.deleteFrom('customers').where('id', '=', id).execute();
  return { name: customer.name };
}

export async function removeNewContact(db: DbOrTx, id: number): Promise<{ name: string; customerName: string }> {
  const contact = await db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .select(['contacts.id', 'contacts.name', 'customers.name as customer_name'])
    .where('contacts.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!contact) throw notFound('That contact is already gone, so there is nothing to undo.');
  for (const table of ['activities', 'campaign_members'] as const) {
    const used = await db.selectFrom(table).select('contact_id').where('contact_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw new AppError('conflict', `${contact.name} already has ${table.replace('_', ' ')} recorded, so I kept them. Change it directly instead.`);
  }
  await db.deleteFrom('contacts').where('id', '=', id).execute();
  return { name: contact.name, customerName: contact.customer_name };
}
