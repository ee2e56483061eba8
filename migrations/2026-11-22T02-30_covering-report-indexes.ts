// Frozen in time: never import application code here.
//
// Covering indexes for the report range scans, found with `rapport bench --explain` at scale 333
// (100k customers, 0.9M activities, 0.5M orders) on Postgres 15. Same names, same key column, so
// every query that used the old index uses the new one; only the INCLUDE lists grow.
//
// activities_occurred_idx (occurred_at) → INCLUDE (author_id, kind):
//   the activities report ("activities this month": 151k rows) grouped author_id and kind after a
//   bitmap heap scan of ~7,100 heap pages; with both columns in the index it is an index-only scan
//   of ~750 index pages (211 → 129 ms on a loaded 2-core machine).
//
// orders_ordered_idx (ordered_at) INCLUDE (customer_id, total) → INCLUDE (customer_id, total, currency):
//   every money report first picks the period's dominant currency and then filters on
//   currency = …; currency was not in the index, so each of those scans visited the heap
//   (a month: 5,120 buffers per currency lookup, a bitmap heap scan). Now index-only: 195 buffers.
//   Revenue, top customers and the segments' currency lookup all read orders by ordered_at.
//
// Index-only scans need the visibility map, i.e. (auto)vacuum after bulk loads.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists activities_occurred_idx`.execute(db);
  await sql`create index activities_occurred_idx on activities (occurred_at) include (author_id, kind)`.execute(db);
  await sql`drop index if exists orders_ordered_idx`.execute(db);
  await sql`create index orders_ordered_idx on orders (ordered_at) include (customer_id, total, currency)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists activities_occurred_idx`.execute(db);
  await sql`create index activities_occurred_idx on activities (occurred_at)`.execute(db);
  await sql`drop index if exists orders_ordered_idx`.execute(db);
  await sql`create index orders_ordered_idx on orders (ordered_at) include (customer_id, total)`.execute(db);
}
