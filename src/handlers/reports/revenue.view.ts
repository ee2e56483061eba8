import { DateTime } from 'luxon';
import { chartsEnabled, withChart } from '../../charts/chart-block.js';
import { MAX_DAILY_DAYS, revenueByDay } from '../../charts/data/revenue-by-day.js';
import { revenueChart } from '../../charts/specs/revenue.spec.js';
import { monthsOf, periodDays, type ReportPeriod } from '../../crm/reports/report-period.js';
import { revenueReport, type RevenueReport } from '../../crm/reports/revenue.report.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Block, type Reply } from '../../reply/reply.js';
import { formatPeriod } from '../common/format.js';
import {
  capRows, changeCell, changeWords, contextLine, counted, countCell, countChangePct, emptyReport, isRunning, left, moneyCell, percentCell,
  reportTitle, right, zoneName, type ReportScope,
} from './report-format.js';

export async function showRevenue(db: DbOrTx, period: ReportPeriod, scope: ReportScope): Promise<Reply> {
  const groupBy = scope.groupBy === 'month' || scope.groupBy === 'owner' ? scope.groupBy : undefined;
  const params = { period, timeZone: scope.timeZone, ownerId: scope.owner?.id };
  const charting = scope.charts !== false && chartsEnabled();
  // Revenue over time: by day for a month, a week or a range up to two months; by month when
  // asked for by month or over longer periods. The months come with the same query when the
  // table is not grouped otherwise, else (grouped by owner) with a second one.
  const months = monthsOf(period).length;
  const byMonth = charting && months > 1 && (groupBy === 'month' || periodDays(period) > MAX_DAILY_DAYS);
  const report = await revenueReport(db, { ...params, groupBy: groupBy ?? (byMonth ? 'month' : undefined) });
  const r = renderRevenue(groupBy === 'month' ? report : { ...report, months: undefined }, scope);
  if (!charting || report.current.orders === 0) return r;
  let chart: ReturnType<typeof revenueChart>;
  const base = { title: reportTitle('Revenue', report.period, scope.owner), currency: report.currency, running: isRunning(period, scope.now, scope.timeZone) };
  if (byMonth) {
    const rows = report.months ?? (await revenueReport(db, { ...params, groupBy: 'month' })).months ?? [];
    chart = revenueChart({ ...base, unit: 'month', points: rows.map((m) => ({ at: m.month, revenue: m.revenue, orders: m.orders })) });
  } else if (periodDays(period) <= MAX_DAILY_DAYS) {
    const days = await revenueByDay(db, { ...params, currency: report.currency });
    chart = revenueChart({ ...base, unit: 'day', points: days.map((d) => ({ at: d.day, revenue: d.revenue, orders: d.orders })) });
  }
  return withChart(r, chart);
}

/** Totals with the change on the previous period, then a row per month or per owner when asked. */
export function renderRevenue(report: RevenueReport, scope: ReportScope): Reply {
  const title = reportTitle('Revenue', report.period, scope.owner);
  const { currency, current, previous } = report;
  const notes = [
    `Amounts in ${currency}, days in ${zoneName(scope.timeZone)}`,
    report.otherCurrencyOrders > 0 && `${counted(report.otherCurrencyOrders, 'order')} in other currencies left out`,
    scope.owner && `orders of customers ${scope.owner.name} owns`,
    unsupportedGroup(scope.groupBy),
  ];
  if (current.orders === 0) {
    const before = previous.orders > 0 ? ` (${formatPeriod(report.previousPeriod)} had ${moneyCell(previous.revenue, currency)}).` : '.';
    return emptyReport(title, `No orders in ${formatPeriod(report.period)}, so there is no revenue to report${before}`, notes.filter(Boolean).join(' · '));
  }

  // A month asked for on the 18th is compared with a whole month: say so rather than alarm anyone.
  const running = isRunning(report.period, scope.now, scope.timeZone);
  if (running) notes.push('the period is still running, the previous one is complete');
  const headline = `${moneyCell(current.revenue, currency)} from ${counted(current.orders, 'order')}${running ? ' so far' : ''}, `
    + `${changeWords(report.change.revenuePct)} (${formatPeriod(report.previousPeriod)}).`;
  const blocks: Block[] = [header(title), text(headline)];
  blocks.push(table(
    [left('metric', ''), right('current', 'This period'), right('previous', 'Previous'), right('change', 'Change')],
    [
      { metric: 'Revenue', current: moneyCell(current.revenue, currency), previous: moneyCell(previous.revenue, currency), change: changeCell(report.change.revenuePct) },
      { metric: 'Orders', current: countCell(current.orders), previous: countCell(previous.orders), change: changeCell(countChangePct(current.orders, previous.orders)) },
      {
        metric: 'Average order',
        current: moneyCell(current.averageOrderValue, currency),
        previous: moneyCell(previous.averageOrderValue, currency),
        change: '',
      },
    ],
  ));
  if (report.months) {
    const { shown, note } = capRows(report.months, 'months');
    blocks.push(table(
      [left('month', 'Month'), right('orders', 'Orders'), right('revenue', 'Revenue'), right('average', 'Average order')],
      shown.map((m) => ({
        month: DateTime.fromFormat(m.month, 'yyyy-MM').toFormat('LLL yyyy'),
        orders: countCell(m.orders),
        revenue: moneyCell(m.revenue, currency),
        average: moneyCell(m.averageOrderValue, currency),
      })),
      note,
    ));
  }
  if (report.owners) {
    const { shown, note } = capRows(report.owners, 'owners');
    blocks.push(table(
      [left('owner', 'Owner'), right('orders', 'Orders'), right('revenue', 'Revenue'), right('share', 'Share')],
      shown.map((o) => ({
        owner: o.ownerName ?? 'Unassigned',
        orders: countCell(o.orders),
        revenue: moneyCell(o.revenue, currency),
        share: percentCell(o.share),
      })),
      note,
    ));
  }
  blocks.push(contextLine(...notes));
  return reply(...blocks);
}

function unsupportedGroup(groupBy: ReportScope['groupBy']): string | undefined {
  if (groupBy === 'segment') return 'for revenue by segment ask for “top segment”';
  if (groupBy === 'stage') return 'revenue has no stages; ask for “pipeline” to see deals by stage';
  return undefined;
}
