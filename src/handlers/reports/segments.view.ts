import { withChart } from '../../charts/chart-block.js';
import { segmentsChart } from '../../charts/specs/segments.spec.js';
import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { segmentsReport, type SegmentRow, type SegmentsReport } from '../../crm/segments/segments.report.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Block, type Reply } from '../../reply/reply.js';
import { formatPeriod } from '../common/format.js';
import { showSegmentClusters } from './segment-clusters.view.js';
import { showSegmentGrowth } from './segment-growth.view.js';
import {
  capRows, changeCell, contextLine, counted, countCell, emptyReport, isZeroMoney, left, moneyCell, percentCell, reportTitle, right,
  zoneName, type ReportScope,
} from './report-format.js';

/**
 * The segments report, or one of its two variants: "by cluster" (behavioural k-means clusters)
 * and "growing fastest" (this period's snapshot against the previous one).
 * It writes derived data: the period's RFM snapshot is stored (or refreshed when orders changed)
 * as it is read — see ensureSegmentSnapshot — so later reports and comparisons read it back.
 */
export async function showSegments(db: DbOrTx, period: ReportPeriod, scope: ReportScope, sort?: 'growth'): Promise<Reply> {
  if (sort === 'growth') return showSegmentGrowth(db, period, scope);
  if (scope.groupBy === 'cluster') return showSegmentClusters(db, period, scope);
  const report = await segmentsReport(db, { period, timeZone: scope.timeZone, ownerId: scope.owner?.id });
  const r = renderSegments(report, scope);
  const chart = segmentsChart({
    title: reportTitle('Segments', report.period, scope.owner),
    currency: report.currency,
    segments: report.segments,
    top: report.topSegment?.label,
  });
  return withChart(r, chart, scope.charts !== false);
}

/** The top segment in one sentence, every segment in a table, and the top segment's best customers. */
export function renderSegments(report: SegmentsReport, scope: ReportScope): Reply {
  const title = reportTitle('Segments', report.period, scope.owner);
  const { currency } = report;
  const populated = report.segments.filter((s) => s.customers > 0);
  const top = populated.find((s) => s.label === report.topSegment?.label) ?? populated[0];
  const notes = [
    `RFM segments of customers who have ordered, scored company-wide; revenue in ${currency} within the period`,
    `days in ${zoneName(scope.timeZone)}`,
    scope.owner && `customers ${scope.owner.name} owns`,
  ];
  if (!top) {
    return emptyReport(title, `No customer had ordered by the end of ${formatPeriod(report.period)}, so there are no segments yet.`);
  }
  const noRevenue = populated.every((s) => isZeroMoney(s.revenue));
  const headline = noRevenue
    ? `No revenue in ${formatPeriod(report.period)}; the largest segment is ${top.label} with ${counted(top.customers, 'customer')}.`
    : `Top segment: ${top.label} — ${moneyCell(top.revenue, currency)} (${percentCell(top.share)} of revenue) `
      + `from ${counted(top.customers, 'customer')}, ${versus(top)}.`;
  const { shown, note } = capRows(report.segments, 'segments');
  const blocks: Block[] = [
    header(title),
    text(headline),
    table(
      [left('segment', 'Segment'), right('customers', 'Customers'), right('revenue', 'Revenue'), right('share', 'Share'), right('change', 'Change')],
      shown.map((s) => ({
        segment: s.label,
        customers: countCell(s.customers),
        revenue: moneyCell(s.revenue, currency),
        share: percentCell(s.share),
        change: isZeroMoney(s.previousRevenue) && !isZeroMoney(s.revenue) ? 'new' : changeCell(s.changePct),
      })),
      note ?? `Change: revenue against the same segment in ${formatPeriod(report.previousPeriod)}`,
    ),
  ];
  const best = report.topSegment;
  if (best && best.customers.length > 0 && !noRevenue) {
    blocks.push(
      text(`Biggest customers in ${best.label}:`),
      table(
        [right('rank', '#'), left('customer', 'Customer'), right('revenue', 'Revenue')],
        best.customers.map((c, i) => ({ rank: String(i + 1), customer: c.name, revenue: moneyCell(c.revenue, currency) })),
      ),
    );
  }
  blocks.push(contextLine(...notes));
  return reply(...blocks);
}

/** "+8.0% vs previous period", or why there is no comparison. */
function versus(segment: SegmentRow): string {
  if (segment.changePct === null) return 'new against the previous period';
  const n = Number(segment.changePct);
  if (n === 0) return 'level with the previous period';
  return `${n > 0 ? '+' : '−'}${segment.changePct.replace(/^-/, '')}% vs previous period`;
}
