// Frozen in time: never import application code here.
//
// activity_counts_hourly: activities per UTC hour, author and kind, kept by triggers on
// activities in the same transaction as every write (logging, Undo, imports, the seed, a
// customer's cascade delete, a user's delete setting author_id null, UPDATE, TRUNCATE), so it
// cannot drift from the activities it counts. author_key is author_id, or 0 for none (a key
// column cannot be null).
//
// Why: "activities this month" counted ~167k activities of the month through an index-only scan
// of activities_occurred_idx, 31–47 ms at scale 333, the slowest part of the activities report and
// of its chart's 150 ms budget. The same counts read at most hours × authors × kinds rows (10 reps:
// about 29k a month, fewer where hours are quiet). Hours, as in order_revenue_hourly: a period is cut
// in the user's time zone, and the few hours a half-hour zone splits are read from activities
// (src/crm/reports/hour-cover.ts).
//
// Statement-level triggers with transition tables: a bulk insert costs one grouped upsert per
// statement. An UPDATE that changes none of the three keys (a summary edited, a customer merge
// moving activities) nets to zero per key and writes nothing.
import { sql, type Kysely, type RawBuilder } from 'kysely';

const HOUR = (column: string) => sql.raw(`date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`);

/** A trigger function adding `source` (hour, author_key, kind, n rows) to the rollup. */
function bumpFunction(name: string, source: RawBuilder<unknown>) {
  return sql`
    create function ${sql.raw(name)}() returns trigger language plpgsql as $$
    begin
      insert into activity_counts_hourly as r (hour, author_key, kind, n)
      select hour, author_key, kind, sum(n) from (${source}) d (hour, author_key, kind, n)
      group by hour, author_key, kind
      having sum(n) <> 0
      order by hour, author_key, kind
      on conflict (hour, author_key, kind) do update set n = r.n + excluded.n;
      delete from activity_counts_hourly where n = 0;
      return null;
    end $$`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table activity_counts_hourly (
      hour timestamptz not null,
      author_key bigint not null,
      kind text not null,
      n bigint not null,
      primary key (hour, author_key, kind)
    )`.execute(db);
  // Hours whose last activity of a kind went (Undo, deletes): found through this nearly always empty index.
  await sql`create index activity_counts_hourly_empty_idx on activity_counts_hourly (hour) where n = 0`.execute(db);

  const added = sql`select ${HOUR('a.occurred_at')}, coalesce(a.author_id, 0), a.kind, 1 from new_rows a`;
  const removed = sql`select ${HOUR('a.occurred_at')}, coalesce(a.author_id, 0), a.kind, -1 from old_rows a`;
  await bumpFunction('activity_counts_hourly_insert', added).execute(db);
  await bumpFunction('activity_counts_hourly_delete', removed).execute(db);
  await bumpFunction('activity_counts_hourly_update', sql`${added} union all ${removed}`).execute(db);
  await sql`
    create function activity_counts_hourly_truncate() returns trigger language plpgsql as $$
    begin
      truncate activity_counts_hourly;
      return null;
    end $$`.execute(db);

  await sql`create trigger activities_counts_hourly_insert after insert on activities
    referencing new table as new_rows for each statement execute function activity_counts_hourly_insert()`.execute(db);
  await sql`create trigger activities_counts_hourly_delete after delete on activities
    referencing old table as old_rows for each statement execute function activity_counts_hourly_delete()`.execute(db);
  await sql`create trigger activities_counts_hourly_update after update on activities
    referencing old table as old_rows new table as new_rows for each statement execute function activity_counts_hourly_update()`.execute(db);
  await sql`create trigger activities_counts_hourly_truncate after truncate on activities
    for each statement execute function activity_counts_hourly_truncate()`.execute(db);

  // Activities already there (the triggers hold writes off until this migration commits).
  await sql`
    insert into activity_counts_hourly (hour, author_key, kind, n)
    select ${HOUR('occurred_at')}, coalesce(author_id, 0), kind, count(*) from activities group by 1, 2, 3`.execute(db);
  await sql`analyze activity_counts_hourly`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const event of ['insert', 'delete', 'update', 'truncate']) {
    await sql`drop trigger if exists ${sql.raw(`activities_counts_hourly_${event}`)} on activities`.execute(db);
    await sql`drop function if exists ${sql.raw(`activity_counts_hourly_${event}`)}()`.execute(db);
  }
  await sql`drop table if exists activity_counts_hourly`.execute(db);
}
