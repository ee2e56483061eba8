// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * Indexes for reading one customer's rows, found by the bench's EXPLAIN of a lookup: the
 * customer card asked for the latest segment label by customer_id, which only the
 * (method, period_start, period_end, customer_id) key could serve, by reading every customer's
 * entry of the method (10–30 ms at 100k customers, a third of the lookup). The same columns are
 * the foreign keys that merging, deleting and undoing a merge read by, which scanned the tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index segments_customer_idx on segments (customer_id, method, period_end desc, computed_at desc) include (label)`.execute(db);
  await sql`create index reminders_customer_idx on reminders (customer_id, due_at)`.execute(db);
  await sql`create index campaign_members_customer_idx on campaign_members (customer_id)`.execute(db);
  await sql`create index campaign_members_contact_idx on campaign_members (contact_id)`.execute(db);
  await sql`create index activities_contact_idx on activities (contact_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['segments_customer_idx', 'reminders_customer_idx', 'campaign_members_customer_idx', 'campaign_members_contact_idx', 'activities_contact_idx']) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
