import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { MoneyString } from '../money.js';
import { monthsOf, periodRange, previousPeriod, type ReportPeriod } from './report-period.js';
import { currencyCode, orderCurrency, percentChange, percentOf } from './report-sql.js';

export interface RevenueReportParams {
  period: ReportPeriod;
  timeZone: string;
  /** Only orders of customers this user owns (customers.owner_id). */
  ownerId?: number;
  groupBy?: 'month' | 'owner';
  /** Defaults to the currency most orders in the period used (see orderCurrency). */
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
 * Revenue, order count and average order value for the period and the one before it.
 * One range scan on orders_ordered_idx (ordered_at) covering both periods, which are contiguous;
 * the grouped rows are a second query over the current period only.
 */
export async function revenueReport(db: DbOrTx, params: RevenueReportParams): Promise<RevenueReport> {
  const current = periodRange(params.period, params.timeZone);
  const prevPeriod = previousPeriod(params.period);
  const previous = periodRange(prevPeriod, params.timeZone);
  const currency = orderCurrency(current, currencyCode(params.currency));
  const owned = params.ownerId === undefined
    ? sql``
    : sql`join customers c on c.id = o.customer_id and c.owner_id = ${params.ownerId}`;

  const totalsQuery = sql<TotalsRow>`
    with params as (select ${currency} as currency),
    sums as (
      select p.currency,
        count(o.id) filter (where o.currency = p.currency and o.ordered_at >= ${current.from}::timestamptz) as orders,
        coalesce(sum(o.total) filter (where o.currency = p.currency and o.ordered_at >= ${current.from}::timestamptz), 0.00) as revenue,
        count(o.id) filter (where o.currency = p.currency and o.ordered_at < ${current.from}::timestamptz) as previous_orders,
        coalesce(sum(o.total) filter (where o.currency = p.currency and o.ordered_at < ${current.from}::timestamptz), 0.00) as previous_revenue,
        count(o.id) filter (where o.currency <> p.currency and o.ordered_at >= ${current.from}::timestamptz) as other_currency_orders
      from params p
      left join (
        select o.id, o.ordered_at, o.total, o.currency::text as currency from orders o ${owned}
        where o.ordered_at >= ${previous.from}::timestamptz and o.ordered_at < ${current.to}::timestamptz
      ) o on true
      group by p.currency
    )
    select currency, orders, revenue, previous_orders, previous_revenue, other_currency_orders,
      round(revenue / nullif(orders, 0), 2) as average_order_value,
      round(previous_revenue / nullif(previous_orders, 0), 2) as previous_average_order_value,
      revenue - previous_revenue as revenue_change,
      ${percentChange(sql`revenue`, sql`previous_revenue`)} as revenue_change_pct
    from sums`.execute(db);

  const groupsQuery = params.groupBy === 'month'
    ? monthRows(db, params, current.from, current.to, currency)
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

type CurrencySql = ReturnType<typeof orderCurrency>;

async function monthRows(
  db: DbOrTx, params: RevenueReportParams, from: string, to: string, currency: CurrencySql,
): Promise<RevenueMonthRow[]> {
  const owned = params.ownerId === undefined
    ? sql``
    : sql`join customers c on c.id = o.customer_id and c.owner_id = ${params.ownerId}`;
  // Months are cut in the user's zone: an order at 23:30 on Oct 31 in New York is October's.
  const { rows } = await sql<{ month: string; orders: number; revenue: string; average_order_value: string }>`
    select to_char(o.ordered_at at time zone ${params.timeZone}, 'YYYY-MM') as month,
      count(*) as orders, sum(o.total) as revenue, round(sum(o.total) / count(*), 2) as average_order_value
    from orders o ${owned}
    where o.ordered_at >= ${from}::timestamptz and o.ordered_at < ${to}::timestamptz and o.currency = ${currency}
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
  db: DbOrTx, params: RevenueReportParams, from: string, to: string, currency: CurrencySql,
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
