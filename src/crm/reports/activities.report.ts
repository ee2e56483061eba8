import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { ACTIVITY_KINDS, type ActivityKind } from '../../intents/catalog.js';
import { readByHours, ts } from './hour-cover.js';
import { periodRange, type ReportPeriod } from './report-period.js';

export interface ActivitiesReportParams {
  period: ReportPeriod;
  timeZone: string;
  /** Only activities this user logged (activities.author_id). */
  ownerId?: number;
}

/** Every kind is present, zero when nothing of that kind was logged. */
export type ActivityCounts = Record<ActivityKind, number>;

export interface ActivityAuthorRow {
  /** null = activities whose author was deleted or never recorded. */
  authorId: number | null;
  authorName: string | null;
  total: number;
  byKind: ActivityCounts;
}

export interface ActivitiesReport {
  period: ReportPeriod;
  total: number;
  byKind: ActivityCounts;
  /** Most active rep first, ties by name. */
  byAuthor: ActivityAuthorRow[];
}

const zeroCounts = (): ActivityCounts =>
  Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, 0])) as ActivityCounts;

/**
 * Activities by kind and by rep, from one grouped query over the hourly rollup
 * (activity_counts_hourly, migration 2026-12-07T05-30) for the whole UTC hours of the period and
 * over activities for its ragged ends (readByHours). At most reps × 4 rows come back, pivoted here.
 * Users are joined after grouping.
 */
export async function activitiesReport(db: DbOrTx, params: ActivitiesReportParams): Promise<ActivitiesReport> {
  const range = periodRange(params.period, params.timeZone);
  const author = (column: string) => (params.ownerId === undefined ? sql`` : sql`and ${sql.ref(column)} = ${params.ownerId}`);
  // No cuts: the report does not group by time within the period.
  const pieces = readByHours(range, {
    rollup: ({ from, to }) => sql`
      select r.author_key, r.kind, r.n from activity_counts_hourly r
      where r.hour >= ${ts(from)} and r.hour < ${ts(to)} ${author('r.author_key')}`,
    rows: (from, to) => sql`
      select coalesce(a.author_id, 0) as author_key, a.kind, 1::int8 as n from activities a
      where a.occurred_at >= ${ts(from)} and a.occurred_at < ${ts(to)} ${author('a.author_id')}`,
  });
  const { rows } = await sql<{ author_id: number | null; author_name: string | null; kind: ActivityKind; n: number }>`
    select a.author_id, u.name as author_name, a.kind, a.n
    from (
      select nullif(p.author_key, 0) as author_id, p.kind, sum(p.n)::int8 as n
      from (${pieces}) p
      group by p.author_key, p.kind
    ) a left join users u on u.id = a.author_id`.execute(db);

  const byKind = zeroCounts();
  const authors = new Map<number | null, ActivityAuthorRow>();
  for (const row of rows) {
    byKind[row.kind] += row.n;
    let entry = authors.get(row.author_id);
    if (!entry) {
      entry = { authorId: row.author_id, authorName: row.author_name, total: 0, byKind: zeroCounts() };
      authors.set(row.author_id, entry);
    }
    entry.byKind[row.kind] += row.n;
    entry.total += row.n;
  }
  const byAuthor = [...authors.values()].sort(
    (a, b) => b.total - a.total
      || (a.authorName ?? '\uffff').localeCompare(b.authorName ?? '\uffff')
      || (a.authorId ?? 0) - (b.authorId ?? 0),
  );
  return {
    period: params.period,
    total: byAuthor.reduce((n, a) => n + a.total, 0),
    byKind,
    byAuthor,
  };
}
