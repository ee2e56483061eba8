import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { MoneyString } from '../money.js';
import { orderPieces, ownedOrders } from './order-rollup.js';
import { localMidnight, monthsOf, periodRange, previousPeriod, type PeriodRange, type ReportPeriod } from './report-period.js';
import { currencyCode, percentChange, percentOf, resolveOrderCurrency } from './report-sql.js';

export interface RevenueReportParams {
  period: ReportPeriod;
  timeZone: string;
  /** Only orders of customers this user owns (customers.owner_id). */
  ownerId?: number;
  groupBy?: 'month' | 'owner';
  /** Defaults to the currency most orders in the period used (see resolveOrderCurrency). */
  currency?: string;
}

export interface RevenueTotals {
  revenue: MoneyString;
  orders: number;
  /** Revenue / orders rounded to cents; null without orders. */
  averageOrderValue: MoneyString | null;
}

export interface RevenueMonthRow extends RevenueTotals {
  /** 'YYYY-MM' in the report's time zone; every month of the period is listed, empty ones too. */
  month: string;
}

export interface RevenueOwnerRow extends RevenueTotals {
  /** The customer's owner; null = customers nobody owns. */
  ownerId: number | null;
  ownerName: string | null;
  /** Percent of the period's revenue in scope, one decimal ('37.5'). */
  share: string | null;
}

export interface RevenueReport {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  currency: string;
  current: RevenueTotals;
  previous: RevenueTotals;
  change: {
    /** current − previous revenue, exact ('-120.50'). */
    revenue: MoneyString;
    /** Percent, one decimal; null when the previous period had no revenue. */
    revenuePct: string | null;
    orders: number;
  };
  /** Orders in the period placed in another currency: left out of every sum above. */
  otherCurrencyOrders: number;
  /** Present when groupBy is 'month'. */
  months?: RevenueMonthRow[];
  /** Present when groupBy is 'owner', by revenue descending. */
  owners?: RevenueOwnerRow[];
}

interface TotalsRow {
  currency: string;
  orders: number;
  revenue: string;
  average_order_value: string | null;
  previous_orders: number;
  previous_revenue: string;
  previous_average_order_value: string | null;
  revenue_change: string;
  revenue_change_pct: string | null;
  other_currency_orders: number;
}

/**
 * Revenue, order count and average order value for the period and the one before it, which are
 * contiguous: one pass over [previous.from, current.to) split at current.from.
 * The currency is resolved first, in its own statement, and bound as a plain parameter (it was a
 * `params` CTE the planner inlined into all six aggregates, each re-running the currency lookup).
 * Without an owner the sums read the hourly rollup (orderPieces, order_revenue_hourly): "revenue
 * by month this year" read ~480k orders_ordered_idx entries, now ~9k rollup rows. With an owner
 * they read the owner's orders (the rollup knows no owners).
 */
export async function revenueReport(db: DbOrTx, params: RevenueReportParams): Promise<RevenueReport> {
  const current = periodRange(params.period, params.timeZone);
  const prevPeriod = previousPeriod(params.period);
  const previous = periodRange(prevPeriod, params.timeZone);
  const currency = await resolveOrderCurrency(db, current, currencyCode(params.currency));
  const pieces = params.ownerId === undefined
    ? orderPieces({ from: previous.from, to: current.to }, [current.from])
    : ownedOrders(params.ownerId, previous.from, current.to);

  const totalsQuery = sql<TotalsRow>`
    with sums as (
      select
        coalesce(sum(p.orders) filter (where p.currency = ${currency} and p.at >= ${current.from}::timestamptz), 0)::int8 as orders,
        coalesce(sum(p.revenue) filter (where p.currency = ${currency} and p.at >= ${current.from}::timestamptz), 0.00) as revenue,
        coalesce(sum(p.orders) filter (where p.currency = ${currency} and p.at < ${current.from}::timestamptz), 0)::int8 as previous_orders,
        coalesce(sum(p.revenue) filter (where p.currency = ${currency} and p.at < ${current.from}::timestamptz), 0.00) as previous_revenue,
        coalesce(sum(p.orders) filter (where p.currency <> ${currency} and p.at >= ${current.from}::timestamptz), 0)::int8 as other_currency_orders
      from (${pieces}) p
    )
    select ${currency}::text as currency, orders, revenue, previous_orders, previous_revenue, other_currency_orders,
      round(revenue / nullif(orders, 0), 2) as average_order_value,
      round(previous_revenue / nullif(previous_orders, 0), 2) as previous_average_order_value,
      revenue - previous_revenue as revenue_change,
      ${percentChange(sql`revenue`, sql`previous_revenue`)} as revenue_change_pct
    from sums`.execute(db);

  const groupsQuery = params.groupBy === 'month'
    ? monthRows(db, params, current, currency)
    : params.groupBy === 'owner'
      ? ownerRows(db, params, current.from, current.to, currency)
      : Promise.resolve(undefined);

  const [totals, groups] = await Promise.all([totalsQuery, groupsQuery]);
  const row = totals.rows[0]!;
  const report: RevenueReport = {
    period: params.period,
    previousPeriod: prevPeriod,
    currency: row.currency,
    current: { revenue: row.revenue, orders: row.orders, averageOrderValue: row.average_order_value },
    previous: {
      revenue: row.previous_revenue,
      orders: row.previous_orders,
      averageOrderValue: row.previous_average_order_value,
    },
    change: { revenue: row.revenue_change, revenuePct: row.revenue_change_pct, orders: row.orders - row.previous_orders },
    otherCurrencyOrders: row.other_currency_orders,
  };
  if (params.groupBy === 'month') report.months = groups as RevenueMonthRow[];
  if (params.groupBy === 'owner') report.owners = groups as RevenueOwnerRow[];
  return report;
}

/** Local midnight of the first of every month after the period's first, as ISO instants. */
function monthStarts(period: ReportPeriod, timeZone: string): string[] {
  return monthsOf(period).slice(1).map((month) => localMidnight(`${month}-01`, timeZone));
}

async function monthRows(db: DbOrTx, params: RevenueReportParams, current: PeriodRange, currency: string): Promise<RevenueMonthRow[]> {
  // Months are cut in the user's zone: an order at 23:30 on Oct 31 in New York is October's.
  // Rollup hours never straddle a month start (orderPieces reads split hours from orders).
  const pieces = params.ownerId === undefined
    ? orderPieces(current, monthStarts(params.period, params.timeZone), currency)
    : ownedOrders(params.ownerId, current.from, current.to);
  const { rows } = await sql<{ month: string; orders: number; revenue: string; average_order_value: string }>`
    select to_char(p.at at time zone ${params.timeZone}, 'YYYY-MM') as month,
      sum(p.orders)::int8 as orders, sum(p.revenue) as revenue, round(sum(p.revenue) / sum(p.orders), 2) as average_order_value
    from (${pieces}) p
    where p.currency = ${currency}
    group by 1`.execute(db);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return monthsOf(params.period).map((month) => {
    const r = byMonth.get(month);
    return r
      ? { month, revenue: r.revenue, orders: r.orders, averageOrderValue: r.average_order_value }
      : { month, revenue: '0.00', orders: 0, averageOrderValue: null };
  });
}

async function ownerRows(
  db: DbOrTx, params: RevenueReportParams, from: string, to: string, currency: string,
): Promise<RevenueOwnerRow[]> {
  const owner = params.ownerId === undefined ? sql`` : sql`and c.owner_id = ${params.ownerId}`;
  const { rows } = await sql<{
    owner_id: number | null; owner_name: string | null; orders: number; revenue: string;
    average_order_value: string; share: string | null;
  }>`
    select c.owner_id, u.name as owner_name, count(*) as orders, sum(o.total) as revenue,
      round(sum(o.total) / count(*), 2) as average_order_value,
      ${percentOf(sql`sum(o.total)`, sql`sum(sum(o.total)) over ()`)} as share
    from orders o
    join customers c on c.id = o.customer_id
    left join users u on u.id = c.owner_id
    where o.ordered_at >= ${from}::timestamptz and o.ordered_at < ${to}::timestamptz and o.currency = ${currency} ${owner}
    group by c.owner_id, u.name
    order by revenue desc, u.name nulls last, c.owner_id`.execute(db);
  return rows.map((r) => ({
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    revenue: r.revenue,
    orders: r.orders,
    averageOrderValue: r.average_order_value,
    share: r.share,
  }));
}
