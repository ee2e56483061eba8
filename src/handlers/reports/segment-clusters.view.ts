import { withChart } from '../../charts/chart-block.js';
import { clustersChart } from '../../charts/specs/clusters.spec.js';
import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { customerClusters, type ClustersReport } from '../../crm/segments/customer-clusters.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Reply } from '../../reply/reply.js';
import { formatPeriod } from '../common/format.js';
import { contextLine, counted, countCell, emptyReport, left, moneyCell, reportTitle, right, type ReportScope } from './report-format.js';

export async function showSegmentClusters(db: DbOrTx, period: ReportPeriod, scope: ReportScope): Promise<Reply> {
  const report = await customerClusters(db, { period, timeZone: scope.timeZone, now: scope.now, ownerId: scope.owner?.id });
  const r = renderSegmentClusters(report, scope);
  const chart = clustersChart({ title: reportTitle('Customer clusters', report.period, scope.owner), currency: report.currency, clusters: report.clusters });
  return withChart(r, chart, scope.charts !== false);
}

/** One line per cluster in plain words, then the counts and revenue in a table. */
export function renderSegmentClusters(report: ClustersReport, scope: ReportScope): Reply {
  const title = reportTitle('Customer clusters', report.period, scope.owner);
  if (report.clusters.length === 0) {
    return emptyReport(title, `No customer had ordered by the end of ${formatPeriod(report.period)}, so there is nothing to cluster.`);
  }
  const { currency } = report;
  const chosen = report.silhouettes.find((s) => s.k === report.k);
  return reply(
    header(title),
    text(`${counted(report.clusters.length, 'group')} of customers by how recently, how often and how much they buy:\n`
      + report.clusters.map((c) => `• ${c.name}: ${c.description}.`).join('\n')),
    table(
      [right('n', '#'), left('cluster', 'Cluster'), right('customers', 'Customers'), right('revenue', 'Revenue'),
        right('days', 'Days since order'), right('orders', 'Orders'), right('each', 'Revenue each')],
      report.clusters.map((c) => ({
        n: String(c.index),
        cluster: c.name,
        customers: countCell(c.customers),
        revenue: moneyCell(c.revenue, currency),
        days: String(Math.round(c.averages.recencyDays)),
        orders: c.averages.orders.toFixed(1),
        each: moneyCell(c.averages.revenue.toFixed(2), currency),
      })),
      'Averages over each whole cluster; customers and revenue in scope',
    ),
    contextLine(
      `k-means on log recency, orders and ${currency} revenue (standardised), k = ${report.k} by silhouette`
        + (chosen ? ` ${chosen.silhouette.toFixed(2)}` : ''),
      `fixed seed ${report.seed}: the same data gives the same clusters`,
      scope.owner && `customers ${scope.owner.name} owns, clustered among everyone`,
    ),
  );
}
