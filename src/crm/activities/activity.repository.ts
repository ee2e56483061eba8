import type { DbOrTx } from '../../db/database.js';
import type { Activity, NewActivity } from './activity.table.js';

// Plain data access; validation and the follow-up reminder live in activity.service.ts.

export async function insertActivity(db: DbOrTx, activity: NewActivity): Promise<Activity> {
  return db.insertInto('activities').values(activity).returningAll().executeTakeFirstOrThrow();
}

export async function findActivityById(db: DbOrTx, id: number): Promise<Activity | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteActivityRow(db: DbOrTx, id: number): Promise<Activity | undefined> {
  return db.deleteFrom('activities').where('id', '=', id).returningAll().executeTakeFirst();
}

export interface ActivityListItem extends Activity {
  author_name: string | null;
  contact_name: string | null;
}

/** Newest first, with who logged it and which contact it was with. */
export async function listActivitiesByCustomer(db: DbOrTx, customerId: number, limit = 10): Promise<ActivityListItem[]> {
  return db
    .selectFrom('activities')
    .leftJoin('users', 'users.id', 'activities.author_id')
    .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
    .selectAll('activities')
    .select(['users.name as author_name', 'contacts.name as contact_name'])
    .where('activities.customer_id', '=', customerId)
    .orderBy('activities.occurred_at', 'desc')
    .orderBy('activities.id', 'desc')
    .limit(limit)
    .execute();
}
