import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { MoneyString } from '../money.js';
import { previousPeriod, type ReportPeriod } from '../reports/report-period.js';
import { currencyCode, percentChange, percentOf } from '../reports/report-sql.js';
import { ensureSegmentSnapshot } from './segment-snapshot.js';
import type { RfmSegment } from './rfm-segment-map.js';

export interface SegmentsReportParams {
  period: ReportPeriod;
  timeZone: string;
  /**
   * Only this owner's customers. Scores stay relative to ALL customers (a "Champion" is one
   * company-wide), the summary just counts the owner's book.
   */
  ownerId?: number;
  currency?: string;
}

export interface SegmentRow {
  label: RfmSegment;
  customers: number;
  /** Revenue in the period of the customers in this segment now. */
  revenue: MoneyString;
  /** Percent of the period's revenue in scope, one decimal ('37.5'); null when there is none. */
  share: string | null;
  /** Customers and revenue of this segment as scored over the previous period. */
  previousCustomers: number;
  previousRevenue: MoneyString;
  /** revenue − previousRevenue, exact. */
  change: MoneyString;
  /** Percent, one decimal; null when previousRevenue is zero. */
  changePct: string | null;
}

export interface SegmentCustomer {
  id: number;
  name: string;
  revenue: MoneyString;
}

export interface SegmentsReport {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  currency: string;
  /**
   * By revenue descending (then customers, then label). Segments empty now but populated in the
   * previous period are listed too (customers 0), so a shrinking segment stays visible.
   */
  segments: SegmentRow[];
  /** The first segment with customers, and its three biggest customers by period revenue. */
  topSegment: { label: RfmSegment; customers: SegmentCustomer[] } | null;
}

interface Row {
  row_kind: 'segment' | 'customer';
  label: RfmSegment;
  customers: number | null;
  revenue: string;
  share: string | null;
  previous_customers: number | null;
  previous_revenue: string | null;
  change: string | null;
  change_pct: string | null;
  customer_id: number | null;
  customer_name: string | null;
}

/**
 * RFM segments for the period, with the previous period for comparison and the top segment's
 * best customers. Both periods are read from stored snapshots (ensureSegmentSnapshot scores a
 * period first when its snapshot is missing or stale — the whole-table pass of rfmCtes, about
 * 1.5 s at 100k customers); the report itself is then one statement over the snapshot rows:
 * the two snapshots' stored per-label totals (for one owner: a sum over the owner's rows) and
 * the first three entries of segments_period_label_money_idx under the top segment.
 * The previous period is scored in the current period's currency so the comparison never mixes
 * currencies.
 */
export async function segmentsReport(db: DbOrTx, params: SegmentsReportParams): Promise<SegmentsReport> {
  const prevPeriod = previousPeriod(params.period);
  const { currency } = await ensureSegmentSnapshot(db, {
    period: params.period, timeZone: params.timeZone, currency: currencyCode(params.currency),
  });
  await ensureSegmentSnapshot(db, { period: prevPeriod, timeZone: params.timeZone, currency });
  const owned = params.ownerId === undefined
    ? sql``
    : sql`join customers oc on oc.id = x.customer_id and oc.owner_id = ${params.ownerId}`;
  const of = (p: ReportPeriod) =>
    sql`x.method = 'rfm' and x.period_start = ${p.start}::date and x.period_end = ${p.end}::date`;
  // Company-wide, the snapshot's stored per-label totals; for one owner, a sum over the rows.
  const totals = (p: ReportPeriod) => params.ownerId === undefined
    ? sql`select l.label, l.customers, l.revenue from segment_snapshots s
        cross join jsonb_to_recordset(s.labels) as l(label text, customers bigint, revenue numeric)
        where s.method = 'rfm' and s.period_start = ${p.start}::date and s.period_end = ${p.end}::date`
    : sql`select x.label, count(*) as customers, sum(x.monetary) as revenue from segments x ${owned}
        where ${of(p)} group by x.label`;

  const { rows } = await sql<Row>`
    with cur_seg as (${totals(params.period)}),
    prev_seg as (${totals(prevPeriod)}),
    seg as (
      select coalesce(c.label, p.label) as label,
        coalesce(c.customers, 0) as customers, coalesce(c.revenue, 0.00) as revenue,
        coalesce(p.customers, 0) as previous_customers, coalesce(p.revenue, 0.00) as previous_revenue
      from cur_seg c full join prev_seg p on p.label = c.label
    ),
    ranked as (
      select seg.*, row_number() over (order by revenue desc, customers desc, label) as pos,
        ${percentOf(sql`revenue`, sql`sum(revenue) over ()`)} as share
      from seg
    ),
    top_customers as (
      select x.label, x.customer_id, cu.name, x.monetary,
        row_number() over (order by x.monetary desc, x.customer_id) as pos
      from segments x ${owned}
      join customers cu on cu.id = x.customer_id
      where ${of(params.period)} and x.label = (select label from ranked where customers > 0 order by pos limit 1)
      order by x.monetary desc, x.customer_id
      limit 3
    )
    select 'segment' as row_kind, label, customers, revenue, share,
      previous_customers, previous_revenue, revenue - previous_revenue as change,
      ${percentChange(sql`revenue`, sql`previous_revenue`)} as change_pct,
      null::bigint as customer_id, null::text as customer_name, pos
    from ranked
    union all
    select 'customer', label, null, monetary, null,
      null, null, null, null, customer_id, name, pos
    from top_customers
    order by row_kind desc, pos`.execute(db);

  const segments = rows.filter((r) => r.row_kind === 'segment').map((r): SegmentRow => ({
    label: r.label,
    customers: r.customers ?? 0,
    revenue: r.revenue,
    share: r.share,
    previousCustomers: r.previous_customers ?? 0,
    previousRevenue: r.previous_revenue ?? '0.00',
    change: r.change ?? '0.00',
    changePct: r.change_pct,
  }));
  const best = rows.filter((r) => r.row_kind === 'customer');
  return {
    period: params.period,
    previousPeriod: prevPeriod,
    currency,
    segments,
    topSegment: best.length === 0
      ? null
      : { label: best[0]!.label, customers: best.map((r) => ({ id: r.customer_id!, name: r.customer_name!, revenue: r.revenue })) },
  };
}
