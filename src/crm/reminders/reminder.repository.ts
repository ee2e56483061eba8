import type { DbOrTx } from '../../db/database.js';
import type { NewReminder, Reminder, ReminderUpdate } from './reminder.table.js';

// Plain data access; validation, due-date rules and ownership checks are in reminder.service.ts.

export async function insertReminder(db: DbOrTx, reminder: NewReminder): Promise<Reminder> {
  return db.insertInto('reminders').values(reminder).returningAll().executeTakeFirstOrThrow();
}

export async function findReminderById(db: DbOrTx, id: number): Promise<Reminder | undefined> {
  return db.selectFrom('reminders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateReminderRow(db: DbOrTx, id: number, patch: ReminderUpdate): Promise<Reminder | undefined> {
  return db.updateTable('reminders').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteReminderRow(db: DbOrTx, id: number): Promise<Reminder | undefined> {
  return db.deleteFrom('reminders').where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteRemindersForActivity(db: DbOrTx, activityId: number): Promise<Reminder[]> {
  return db.deleteFrom('reminders').where('activity_id', '=', activityId).returningAll().execute();
}

/** Open (not done) reminders of one owner, soonest first. */
export async function listOpenRemindersForOwner(db: DbOrTx, ownerId: number, limit = 50): Promise<Reminder[]> {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('done_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The soonest open reminder about a customer, whoever owns it. */
export async function findNextOpenReminderForCustomer(db: DbOrTx, customerId: number): Promise<Reminder | undefined> {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('done_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
