import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database.js';

// Small row builders for report tests: rows go straight into the tables, so these tests do not
// depend on the customer/order/deal services other people are writing.

export async function addUser(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db.insertInto('users').values({ name, role: 'sales' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addCustomer(db: Kysely<Database>, name: string, ownerId: number | null = null): Promise<number> {
  const row = await db.insertInto('customers').values({ name, owner_id: ownerId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addOrder(
  db: Kysely<Database>, customerId: number, orderedAt: string, total: string, currency = 'USD',
): Promise<void> {
  await db.insertInto('orders').values({ customer_id: customerId, ordered_at: orderedAt, total, currency }).execute();
}
