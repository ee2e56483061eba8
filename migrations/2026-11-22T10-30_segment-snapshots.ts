// Frozen in time: never import application code here.
//
// Stored RFM snapshots answer the segments report without rescoring every customer.
//
// segment_snapshots: one row per stored snapshot (method, period) saying how it was computed
//   (currency, time zone) and the database snapshot (pg_current_snapshot(), taken before scoring)
//   whose committed orders it saw, and per-label totals (labels: [{label, customers, revenue}]) so
//   the company-wide report reads two small rows instead of summing 100k. The rows themselves
//   stay in `segments`.
//
// order_changes: one row per statement that inserted, updated, deleted or truncated orders, with
//   the earliest ordered_at it touched (old and new values; -infinity for a truncate) and the
//   writing transaction's id. A snapshot of a period ending at T is stale iff a change its
//   database snapshot did not see (pg_visible_in_snapshot) touched an order before T. Transaction
//   ids rather than a counter: a writer that took its number before the scoring but committed
//   after it would slip under a counter. So a new order today leaves last month's snapshot valid;
//   a back-dated import invalidates every period after its earliest order. Statement-level
//   triggers with transition tables: one row per statement, not per order (an import of 1M
//   orders writes one row).
//   The log is append-only, one small row per order-writing statement; the staleness probe reads
//   only ids at or above the snapshot's xmin (order_changes_xid_idx).
//
// segments_period_label_money_idx (method, period_start, period_end, label, monetary desc,
//   customer_id): the top segment's three biggest customers are the first three entries under
//   its label (no sort of the segment), and an owner-scoped report or a comparison sums
//   monetary per label from the index alone once the table is vacuumed. Replaces
//   segments_period_idx, whose key is its prefix, so every query using it can use this one.
//
// A truncate of `segments` forgets the snapshot bookkeeping too.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table segment_snapshots (
      method text not null check (method in ('rfm', 'cluster')),
      period_start date not null,
      period_end date not null,
      currency char(3) not null,
      currency_auto boolean not null,
      time_zone text not null,
      data_snapshot text not null,
      customers integer not null,
      labels jsonb not null default '[]',
      computed_at timestamptz not null default now(),
      primary key (method, period_start, period_end)
    )`.execute(db);

  await sql`
    create table order_changes (
      version bigserial primary key,
      min_ordered_at timestamptz not null,
      xid xid8 not null default pg_current_xact_id(),
      changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index order_changes_xid_idx on order_changes (xid)`.execute(db);

  await sql`
    create function log_order_changes() returns trigger language plpgsql as $$
    declare earliest timestamptz;
    begin
      if tg_op = 'TRUNCATE' then
        earliest := '-infinity';
      elsif tg_op = 'INSERT' then
        select min(ordered_at) into earliest from new_rows;
      elsif tg_op = 'DELETE' then
        select min(ordered_at) into earliest from old_rows;
      else
        select least((select min(ordered_at) from old_rows), (select min(ordered_at) from new_rows)) into earliest;
      end if;
      if earliest is not null then
        insert into order_changes (min_ordered_at) values (earliest);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger orders_log_insert after insert on orders referencing new table as new_rows
    for each statement execute function log_order_changes()`.execute(db);
  await sql`create trigger orders_log_update after update on orders referencing old table as old_rows new table as new_rows
    for each statement execute function log_order_changes()`.execute(db);
  await sql`create trigger orders_log_delete after delete on orders referencing old table as old_rows
    for each statement execute function log_order_changes()`.execute(db);
  await sql`create trigger orders_log_truncate after truncate on orders
    for each statement execute function log_order_changes()`.execute(db);

  await sql`
    create function forget_segment_snapshots() returns trigger language plpgsql as $$
    begin
      delete from segment_snapshots;
      return null;
    end $$`.execute(db);
  await sql`create trigger segments_forget_snapshots after truncate on segments
    for each statement execute function forget_segment_snapshots()`.execute(db);

  await sql`drop index if exists segments_period_idx`.execute(db);
  await sql`create index segments_period_label_money_idx
    on segments (method, period_start, period_end, label, monetary desc, customer_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists segments_period_label_money_idx`.execute(db);
  await sql`create index segments_period_idx on segments (method, period_start, period_end, label)`.execute(db);
  await sql`drop trigger if exists segments_forget_snapshots on segments`.execute(db);
  await sql`drop function if exists forget_segment_snapshots()`.execute(db);
  for (const t of ['orders_log_insert', 'orders_log_update', 'orders_log_delete', 'orders_log_truncate']) {
    await sql`drop trigger if exists ${sql.id(t)} on orders`.execute(db);
  }
  await sql`drop function if exists log_order_changes()`.execute(db);
  await sql`drop table if exists order_changes`.execute(db);
  await sql`drop table if exists segment_snapshots`.execute(db);
}
