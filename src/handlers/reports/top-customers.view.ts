import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { DEFAULT_TOP_LIMIT, topCustomersReport, type TopCustomersReport } from '../../crm/reports/top-customers.report.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Reply } from '../../reply/reply.js';
import { formatPeriod } from '../common/format.js';
import {
  addMoney, capRows, contextLine, counted, countCell, emptyReport, left, moneyCell, percentCell, reportTitle, right, zoneName,
  type ReportScope,
} from './report-format.js';

export async function showTopCustomers(db: DbOrTx, period: ReportPeriod, scope: ReportScope): Promise<Reply> {
  const report = await topCustomersReport(db, {
    period, timeZone: scope.timeZone, ownerId: scope.owner?.id, limit: scope.limit ?? DEFAULT_TOP_LIMIT,
  });
  return renderTopCustomers(report, scope);
}

/** Rank, customer, owner, orders, revenue and share of the period's revenue. */
export function renderTopCustomers(report: TopCustomersReport, scope: ReportScope): Reply {
  const limit = scope.limit ?? DEFAULT_TOP_LIMIT;
  const title = reportTitle(`Top ${limit} customers`, report.period, scope.owner);
  const { currency, customers } = report;
  const notes = [
    `Revenue in ${currency} only, days in ${zoneName(scope.timeZone)}`,
    scope.owner && `customers ${scope.owner.name} owns`,
  ];
  const [first] = customers;
  if (!first) {
    return emptyReport(title, `No customer placed an order in ${formatPeriod(report.period)}, so there is nobody to rank yet.`, notes.filter(Boolean).join(' · '));
  }
  const listed = addMoney(customers.map((c) => c.revenue));
  const headline = `${first.name} leads with ${moneyCell(first.revenue, currency)} (${percentCell(first.share)} of revenue). `
    + (customers.length > 1
      ? `These ${customers.length} brought in ${moneyCell(listed, currency)} of ${moneyCell(report.totalRevenue, currency)} `
        + `from ${counted(report.customersWithOrders, 'customer')} who ordered.`
      : `${counted(report.customersWithOrders, 'customer')} ordered in total, ${moneyCell(report.totalRevenue, currency)}.`);
  const { shown, note } = capRows(customers, 'customers');
  return reply(
    header(title),
    text(headline),
    table(
      [right('rank', '#'), left('customer', 'Customer'), left('owner', 'Owner'), right('orders', 'Orders'), right('revenue', 'Revenue'), right('share', 'Share')],
      shown.map((c, i) => ({
        rank: String(i + 1),
        customer: c.name,
        owner: c.ownerName ?? 'Unassigned',
        orders: countCell(c.orders),
        revenue: moneyCell(c.revenue, currency),
        share: percentCell(c.share),
      })),
      note,
    ),
    contextLine(...notes, customers.length < limit && `only ${counted(customers.length, 'customer')} ordered`),
  );
}
