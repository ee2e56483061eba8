import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
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
 * Scores every customer for the period (same SQL as segmentsReport) and upserts the result
 * into `segments` (method 'rfm'), keyed by the table's unique (method, period_start, period_end,
 * customer_id): running it twice updates in place instead of duplicating. Rows whose scores did
 * not change are not rewritten (so computed_at is when the row last changed): rewriting 100k
 * rows and their three indexes was most of the cost of a rerun.
 * Rows of an earlier run whose customer no longer has an order up to the period end are then
 * deleted, one orders_customer_idx probe per row. Statements in one transaction, set-based: the
 * scores never travel to Node.
 */
export async function saveSegmentSnapshot(db: DbOrTx, params: SaveSegmentSnapshotParams): Promise<SegmentSnapshotResult> {
  const current = periodRange(params.period, params.timeZone);
  const previous = periodRange(previousPeriod(params.period), params.timeZone);
  const { start, end } = params.period;
  return inTransaction(db, async (tx) => {
    const currency = await resolveOrderCurrency(tx, current, currencyCode(params.currency));
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
    const count = await tx
      .selectFrom('segments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('method', '=', 'rfm')
      .where('period_start', '=', start)
      .where('period_end', '=', end)
      .executeTakeFirstOrThrow();
    return {
      period: params.period,
      customers: count.n,
      changed: Number(upserted.numAffectedRows ?? 0n),
      removed: Number(removed.numAffectedRows ?? 0n),
    };
  });
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
}

/**
 * Compares two saved snapshots ("which segment is growing fastest?"), fastest-growing first by
 * customer count. Reads segments_period_idx (method, period_start, period_end, label) twice.
 */
export async function compareSegmentSnapshots(
  db: DbOrTx, params: { current: ReportPeriod; previous: ReportPeriod },
): Promise<SegmentGrowthRow[]> {
  const { current, previous } = params;
  const { rows } = await sql<{
    label: RfmSegment; customers: number; previous_customers: number; change: number;
    change_pct: string | null; monetary: string; previous_monetary: string;
  }>`
    with cur as (
      select label, count(*) as customers, sum(monetary) as monetary from segments
      where method = 'rfm' and period_start = ${current.start}::date and period_end = ${current.end}::date
      group by label
    ),
    prev as (
      select label, count(*) as customers, sum(monetary) as monetary from segments
      where method = 'rfm' and period_start = ${previous.start}::date and period_end = ${previous.end}::date
      group by label
    ),
    joined as (
      select coalesce(c.label, p.label) as label, coalesce(c.customers, 0) as customers,
        coalesce(p.customers, 0) as previous_customers,
        coalesce(c.monetary, 0.00) as monetary, coalesce(p.monetary, 0.00) as previous_monetary
      from cur c full join prev p on p.label = c.label
    )
    select label, customers, previous_customers, customers - previous_customers as change,
      ${percentChange(sql`customers`, sql`previous_customers`)} as change_pct, monetary, previous_monetary
    from joined
    order by change_pct desc nulls first, change desc, label`.execute(db);
  return rows.map((r) => ({
    label: r.label,
    customers: r.customers,
    previousCustomers: r.previous_customers,
    change: r.change,
    changePct: r.change_pct,
    monetary: r.monetary,
    previousMonetary: r.previous_monetary,
  }));
}
