import type { Kysely } from 'kysely';
import { silentLogger } from '../../../src/app/logger.js';
import type { Database } from '../../../src/db/database.js';
import type { CrmContext } from '../../../src/crm/context.js';
import type { User, UserRole } from '../../../src/crm/users/user.table.js';

/** Shared by the users, customers, activities and reminders tests. */
export async function addUser(
  db: Kysely<Database>,
  values: { name: string; role?: UserRole; timeZone?: string; email?: string },
): Promise<User> {
  return db
    .insertInto('users')
    .values({ name: values.name, role: values.role ?? 'sales', time_zone: values.timeZone ?? 'UTC', email: values.email ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function ctxFor(db: Kysely<Database>, user: User, now = new Date('2026-11-18T15:00:00Z')): CrmContext {
  return {
    db,
    logger: silentLogger,
    actor: { id: user.id, name: user.name, role: user.role, timeZone: user.time_zone },
    now: () => now,
  };
}

export async function count(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function addCustomer(
  db: Kysely<Database>,
  values: { name: string; email?: string; phone?: string; domain?: string; kind?: 'company' | 'person' },
) {
  return db
    .insertInto('customers')
    .values({ name: values.name, email: values.email ?? null, phone: values.phone ?? null, domain: values.domain ?? null, kind: values.kind ?? 'company' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addContact(db: Kysely<Database>, customerId: number, values: { name: string; email?: string; phone?: string }) {
  return db
    .insertInto('contacts')
    .values({ customer_id: customerId, name: values.name, email: values.email ?? null, phone: values.phone ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}
