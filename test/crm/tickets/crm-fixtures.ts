// Rows and contexts for CRM service tests (shared by test/crm/{tickets,deals,orders,campaigns,audit}).
// Rows are inserted directly: the customers/users services belong to another module.
import type { Kysely } from 'kysely';
import { silentLogger } from '../../../src/app/logger.js';
import type { Database } from '../../../src/db/database.js';
import type { CrmContext } from '../../../src/crm/context.js';
import type { UserRole } from '../../../src/crm/users/user.table.js';

export async function insertUser(db: Kysely<Database>, name: string, role: UserRole = 'support') {
  return db.insertInto('users').values({ name, role }).returningAll().executeTakeFirstOrThrow();
}

export async function insertCustomer(db: Kysely<Database>, name: string) {
  return db.insertInto('customers').values({ name }).returningAll().executeTakeFirstOrThrow();
}

/** A context acting as `user` with a clock the test moves by hand. */
export function contextFor(
  db: Kysely<Database>,
  user: { id: number; name: string; role: UserRole },
  clock: { now: Date } = { now: new Date('2026-11-18T15:00:00.000Z') },
): CrmContext & { clock: { now: Date } } {
  return {
    db,
    logger: silentLogger,
    actor: { id: user.id, name: user.name, role: user.role, timeZone: 'UTC' },
    now: () => clock.now,
    clock,
  };
}

/** Moves a test clock forward by `hours`. */
export function advance(clock: { now: Date }, hours: number): void {
  clock.now = new Date(clock.now.getTime() + hours * 3_600_000);
}
