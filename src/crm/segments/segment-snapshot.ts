import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { MoneyString } from '../money.js';
import { periodRange, previousPeriod, type ReportPeriod } from '../reports/report-period.js';
import { currencyCode, percentChange, resolveOrderCurrency } from '../reports/report-sql.js';
import { rfmCtes } from './rfm-scores.js';
import type { RfmSegment } from './rfm-segment-map.js';

export interface SaveSegmentSnapshotParams {
  period: ReportPeriod;
  timeZone: string;
  currency?: string;
}

export interface SegmentSnapshotResult {
  period: ReportPeriod;
  /** Customers in the saved snapshot of the period after this run. */
  customers: number;
  /** Rows inserted or changed by this run (a rerun over unchanged data writes nothing). */
  changed: number;
  /** Rows of an earlier run whose customer no longer qualifies (no order up to the period end). */
  removed: number;
}

/**
 * Scores every customer for the period (same SQL as the live scoring in rfmCtes) and upserts the
 * result into `segments` (method 'rfm'), keyed by the table's unique (method, period_start,
 * period_end, customer_id): running it twice updates in place instead of duplicating. Rows whose
 * scores did not change are not rewritten (so computed_at is when the row last changed):
 * rewriting 100k rows and their indexes was most of the cost of a rerun.
 * Rows of an earlier run whose customer no longer has an order up to the period end are then
 * deleted, one orders_customer_idx probe per row. Statements in one transaction, set-based: the
 * scores never travel to Node. The run is recorded in `segment_snapshots` with the database
 * snapshot taken before scoring, so ensureSegmentSnapshot can tell when an order it did not see
 * makes it stale. An advisory lock per period keeps two concurrent runs from interleaving.
 */
export async function saveSegmentSnapshot(db: DbOrTx, params: SaveSegmentSnapshotParams): Promise<SegmentSnapshotResult> {
  return inTransaction(db, async (tx) => {
    await lockPeriod(tx, params.period);
    return (await scoreIntoSnapshot(tx, params)).result;
  });
}

async function lockPeriod(tx: Transaction<Database>, period: ReportPeriod): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`segments:rfm:${period.start}:${period.end}`}))`.execute(tx);
}

async function scoreIntoSnapshot(
  tx: Transaction<Database>, params: SaveSegmentSnapshotParams,
): Promise<{ result: SegmentSnapshotResult; currency: string }> {
  const current = periodRange(params.period, params.timeZone);
  const previous = periodRange(previousPeriod(params.period), params.timeZone);
  const { start, end } = params.period;
  const requested = currencyCode(params.currency);
  // Before scoring: any order committed after this is one the scores may not include.
  const { rows: [seen] } = await sql<{ snap: string }>`select pg_current_snapshot()::text as snap`.execute(tx);
  const currency = await resolveOrderCurrency(tx, current, requested);
  const upserted = await sql`
    with ${rfmCtes({ current, previous, currency })}
    insert into segments as s (customer_id, method, period_start, period_end, label,
      recency_score, frequency_score, monetary_score, recency_days, frequency, monetary, computed_at)
    select customer_id, 'rfm', ${start}::date, ${end}::date, label, r, f, m, recency_days, frequency, monetary, now()
    from rfm_current
    on conflict (method, period_start, period_end, customer_id) do update set
      label = excluded.label, recency_score = excluded.recency_score, frequency_score = excluded.frequency_score,
      monetary_score = excluded.monetary_score, recency_days = excluded.recency_days,
      frequency = excluded.frequency, monetary = excluded.monetary, computed_at = excluded.computed_at
    where (s.label, s.recency_score, s.frequency_score, s.monetary_score, s.recency_days, s.frequency, s.monetary)
      is distinct from (excluded.label, excluded.recency_score, excluded.frequency_score, excluded.monetary_score,
        excluded.recency_days, excluded.frequency, excluded.monetary)`.execute(tx);
  const removed = await sql`
    delete from segments s
    where s.method = 'rfm' and s.period_start = ${start}::date and s.period_end = ${end}::date
      and not exists (
        select 1 from orders o
        where o.customer_id = s.customer_id and o.ordered_at < ${current.to}::timestamptz and o.currency = ${currency}
      )`.execute(tx);
  // The per-label totals the company-wide report reads instead of the rows.
  const { rows: [saved] } = await sql<{ customers: number }>`
    insert into segment_snapshots as m (method, period_start, period_end, currency, currency_auto, time_zone, data_snapshot,
      customers, labels, computed_at)
    select 'rfm', ${start}::date, ${end}::date, ${currency}, ${requested === undefined}, ${params.timeZone}, ${seen!.snap},
      coalesce(sum(g.customers), 0),
      coalesce(jsonb_agg(jsonb_build_object('label', g.label, 'customers', g.customers, 'revenue', g.revenue::text)
        order by g.label), '[]'::jsonb),
      now()
    from (
      select label, count(*) as customers, sum(monetary) as revenue from segments
      where method = 'rfm' and period_start = ${start}::date and period_end = ${end}::date
      group by label
    ) g
    on conflict (method, period_start, period_end) do update set
      currency = excluded.currency, currency_auto = excluded.currency_auto, time_zone = excluded.time_zone,
      data_snapshot = excluded.data_snapshot, customers = excluded.customers, labels = excluded.labels,
      computed_at = excluded.computed_at
    returning m.customers`.execute(tx);
  return {
    currency,
    result: {
      period: params.period,
      customers: Number(saved!.customers),
      changed: Number(upserted.numAffectedRows ?? 0n),
      removed: Number(removed.numAffectedRows ?? 0n),
    },
  };
}

export interface EnsuredSnapshot {
  period: ReportPeriod;
  /** The currency the snapshot's revenue is in. */
  currency: string;
  /** true when this call (re)scored the period; false when the stored snapshot was still valid. */
  computed: boolean;
}

/**
 * The stored RFM snapshot of the period, scored now if there is none or it is stale: computed in
 * another time zone or currency (an unspecified currency needs one that was resolved the same
 * way), or some order its scoring did not see (see order_changes in the migration) falls before
 * the period's end. A valid snapshot costs one primary-key read and an index probe of the
 * changes since — no order is read. A closed period therefore stays valid until someone back-dates
 * an order into it; the current period is rescored after each new order, on the next report.
 *
 * It writes derived data only (a cache of scores the orders determine), which is why a read-only
 * report may call it: the rows carry no user input and the write needs no audit.
 */
export async function ensureSegmentSnapshot(
  db: DbOrTx, params: SaveSegmentSnapshotParams,
): Promise<EnsuredSnapshot> {
  const requested = currencyCode(params.currency);
  const valid = await validSnapshotCurrency(db, params.period, params.timeZone, requested);
  if (valid !== null) return { period: params.period, currency: valid, computed: false };
  return inTransaction(db, async (tx) => {
    await lockPeriod(tx, params.period);
    // Someone else may have scored it while this call waited for the lock.
    const again = await validSnapshotCurrency(tx, params.period, params.timeZone, requested);
    if (again !== null) return { period: params.period, currency: again, computed: false };
    const { currency } = await scoreIntoSnapshot(tx, { ...params, currency: requested });
    return { period: params.period, currency, computed: true };
  });
}

async function validSnapshotCurrency(
  db: DbOrTx, period: ReportPeriod, timeZone: string, requested: string | undefined,
): Promise<string | null> {
  const range = periodRange(period, timeZone);
  const { rows: [row] } = await sql<{ currency: string; currency_auto: boolean; time_zone: string; stale: boolean }>`
    select s.currency::text as currency, s.currency_auto, s.time_zone,
      exists (
        select 1 from order_changes c
        where c.xid >= pg_snapshot_xmin(s.data_snapshot::pg_snapshot)
          and not pg_visible_in_snapshot(c.xid, s.data_snapshot::pg_snapshot)
          and c.min_ordered_at < ${range.to}::timestamptz
      ) as stale
    from segment_snapshots s
    where s.method = 'rfm' and s.period_start = ${period.start}::date and s.period_end = ${period.end}::date`.execute(db);
  if (!row || row.stale || row.time_zone !== timeZone) return null;
  if (requested === undefined ? !row.currency_auto : row.currency !== requested) return null;
  return row.currency;
}

export interface CustomerSegment {
  label: RfmSegment;
  period: ReportPeriod;
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  recencyDays: number | null;
  frequency: number | null;
  monetary: MoneyString | null;
  computedAt: Date;
}

/**
 * The customer's segment in the most recent saved RFM snapshot (latest period end, then latest
 * computation), or null if none was saved. No index leads with customer_id on `segments`
 * (the unique key leads with method, period): Postgres 15 cannot skip-scan it, so this reads
 * the table; fine for a lookup card, and an index on (customer_id, period_end) would fix it.
 */
export async function latestSegmentFor(db: DbOrTx, customerId: number): Promise<CustomerSegment | null> {
  const row = await db
    .selectFrom('segments')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('method', '=', 'rfm')
    .orderBy('period_end', 'desc')
    .orderBy('computed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    label: row.label as RfmSegment,
    period: { start: row.period_start, end: row.period_end },
    recencyScore: row.recency_score,
    frequencyScore: row.frequency_score,
    monetaryScore: row.monetary_score,
    recencyDays: row.recency_days,
    frequency: row.frequency,
    monetary: row.monetary,
    computedAt: row.computed_at,
  };
}

export interface SegmentGrowthRow {
  label: RfmSegment;
  customers: number;
  previousCustomers: number;
  /** customers − previousCustomers. */
  change: number;
  /** Percent, one decimal; null when the segment was empty before. */
  changePct: string | null;
  monetary: MoneyString;
  previousMonetary: MoneyString;
  /** monetary − previousMonetary, exact. */
  revenueChange: MoneyString;
  /** Percent, one decimal; null when the segment had no revenue before. */
  revenueChangePct: string | null;
}

/**
 * Compares two saved snapshots ("which segment is growing fastest?"), fastest-growing first by
 * customer count (a segment that was empty before first, then by percent, then by customers
 * gained). Reads segments_period_label_money_idx twice, index-only; `ownerId` limits both sides to the
 * customers that owner has now.
 */
export async function compareSegmentSnapshots(
  db: DbOrTx, params: { current: ReportPeriod; previous: ReportPeriod; ownerId?: number },
): Promise<SegmentGrowthRow[]> {
  const { current, previous } = params;
  const owned = params.ownerId === undefined
    ? sql``
    : sql`join customers oc on oc.id = x.customer_id and oc.owner_id = ${params.ownerId}`;
  const { rows } = await sql<{
    label: RfmSegment; customers: number; previous_customers: number; change: number;
    change_pct: string | null; monetary: string; previous_monetary: string;
    revenue_change: string; revenue_change_pct: string | null;
  }>`
    with cur as (
      select x.label, count(*) as customers, sum(x.monetary) as monetary from segments x ${owned}
      where x.method = 'rfm' and x.period_start = ${current.start}::date and x.period_end = ${current.end}::date
      group by x.label
    ),
    prev as (
      select x.label, count(*) as customers, sum(x.monetary) as monetary from segments x ${owned}
      where x.method = 'rfm' and x.period_start = ${previous.start}::date and x.period_end = ${previous.end}::date
      group by x.label
    ),
    joined as (
      select coalesce(c.label, p.label) as label, coalesce(c.customers, 0) as customers,
        coalesce(p.customers, 0) as previous_customers,
        coalesce(c.monetary, 0.00) as monetary, coalesce(p.monetary, 0.00) as previous_monetary
      from cur c full join prev p on p.label = c.label
    )
    select label, customers, previous_customers, customers - previous_customers as change,
      ${percentChange(sql`customers`, sql`previous_customers`)} as change_pct, monetary, previous_monetary,
      monetary - previous_monetary as revenue_change,
      ${percentChange(sql`monetary`, sql`previous_monetary`)} as revenue_change_pct
    from joined
    order by change_pct desc nulls first, change desc, label`.execute(db);
  return rows.map((r) => ({
    label: r.label,
    customers: Number(r.customers),
    previousCustomers: Number(r.previous_customers),
    change: Number(r.change),
    changePct: r.change_pct,
    monetary: r.monetary,
    previousMonetary: r.previous_monetary,
    revenueChange: r.revenue_change,
    revenueChangePct: r.revenue_change_pct,
  }));
}
