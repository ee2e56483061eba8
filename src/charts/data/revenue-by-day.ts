import { sql } from 'kysely';
import type { MoneyString } from '../../crm/money.js';
import { daysOf, localMidnight, periodRange, type ReportPeriod } from '../../crm/reports/report-period.js';
import type { DbOrTx } from '../../db/database.js';
import { orderPieces, ownedOrders } from '../../crm/reports/order-rollup.js';

export interface RevenueDayRow {
  /** 'YYYY-MM-DD' in the report's time zone; every day of the period, empty ones included. */
  day: string;
  orders: number;
  revenue: MoneyString;
}

/** Longest period drawn day by day; longer ones are drawn by month. */
export const MAX_DAILY_DAYS = 62;

/**
 * Revenue per calendar day for the chart of a month, a week or a custom range, with the same
 * rules as revenueReport: the user's days, one currency (the report's), and an owner's customers
 * when the report is scoped to one. The table keeps revenueReport's exact totals; this is only
 * the shape over time. Without an owner it reads the hourly rollup (orderPieces), cut at each
 * local midnight, so a half-hour zone's split hours come from orders; with one, the owner's orders.
 */
export async function revenueByDay(
  db: DbOrTx, params: { period: ReportPeriod; timeZone: string; currency: string; ownerId?: number },
): Promise<RevenueDayRow[]> {
  const range = periodRange(params.period, params.timeZone);
  const days = daysOf(params.period);
  const pieces = params.ownerId === undefined
    ? orderPieces(range, days.slice(1).map((day) => localMidnight(day, params.timeZone)), params.currency)
    : ownedOrders(params.ownerId, range.from, range.to);
  const { rows } = await sql<{ day: string; orders: number | string; revenue: string }>`
    select to_char(p.at at time zone ${params.timeZone}, 'YYYY-MM-DD') as day, sum(p.orders) as orders, sum(p.revenue) as revenue
    from (${pieces}) p
    where p.currency = ${params.currency}
    group by 1`.execute(db);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return days.map((day) => {
    const r = byDay.get(day);
    return r ? { day, orders: Number(r.orders), revenue: r.revenue } : { day, orders: 0, revenue: '0.00' };
  });
}
