import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { MoneyString } from '../../crm/money.js';
import { periodRange, type ReportPeriod } from '../../crm/reports/report-period.js';
import type { DbOrTx } from '../../db/database.js';

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
 * the shape over time, one indexed range scan on orders.ordered_at.
 */
export async function revenueByDay(
  db: DbOrTx, params: { period: ReportPeriod; timeZone: string; currency: string; ownerId?: number },
): Promise<RevenueDayRow[]> {
  const range = periodRange(params.period, params.timeZone);
  const owned = params.ownerId === undefined
    ? sql``
    : sql`join customers c on c.id = o.customer_id and c.owner_id = ${params.ownerId}`;
  const { rows } = await sql<{ day: string; orders: number | string; revenue: string }>`
    select to_char(o.ordered_at at time zone ${params.timeZone}, 'YYYY-MM-DD') as day, count(*) as orders, sum(o.total) as revenue
    from orders o ${owned}
    where o.ordered_at >= ${range.from}::timestamptz and o.ordered_at < ${range.to}::timestamptz and o.currency = ${params.currency}
    group by 1`.execute(db);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days: RevenueDayRow[] = [];
  const last = DateTime.fromISO(params.period.end, { zone: 'UTC' });
  for (let d = DateTime.fromISO(params.period.start, { zone: 'UTC' }); d <= last; d = d.plus({ days: 1 })) {
    const day = d.toISODate()!;
    const r = byDay.get(day);
    days.push(r ? { day, orders: Number(r.orders), revenue: r.revenue } : { day, orders: 0, revenue: '0.00' });
  }
  return days;
}
