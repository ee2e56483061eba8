import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { segmentGrowth, type SegmentGrowthReport } from '../../crm/segments/segment-growth.js';
import type { SegmentGrowthRow } from '../../crm/segments/segment-snapshot.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Reply } from '../../reply/reply.js';
import { formatPeriod } from '../common/format.js';
import {
  capRows, changeCell, contextLine, counted, countCell, emptyReport, moneyCell, reportTitle, right, left, zoneName,
  type ReportScope,
} from './report-format.js';

export async function showSegmentGrowth(db: DbOrTx, period: ReportPeriod, scope: ReportScope): Promise<Reply> {
  const report = await segmentGrowth(db, { period, timeZone: scope.timeZone, ownerId: scope.owner?.id });
  return renderSegmentGrowth(report, scope);
}

/** "+12 customers (+25.0%)", "+3 customers (new)", "−4 customers (−10.0%)". */
function customerGrowth(s: SegmentGrowthRow): string {
  const sign = s.change > 0 ? '+' : s.change < 0 ? '−' : '±';
  const pct = s.changePct === null ? 'new' : `${s.changePct.startsWith('-') ? '−' : '+'}${s.changePct.replace(/^-/, '')}%`;
  return `${sign}${counted(Math.abs(s.change), 'customer')} (${pct})`;
}

function revenueGrowth(s: SegmentGrowthRow, currency: string): string {
  const negative = s.revenueChange.startsWith('-');
  const pct = s.revenueChangePct === null ? '' : ` (${negative ? '−' : '+'}${s.revenueChangePct.replace(/^-/, '')}%)`;
  return `revenue ${negative ? '−' : '+'}${moneyCell(s.revenueChange.replace(/^-/, ''), currency)}${pct}`;
}

/** The fastest-growing segment in one sentence, then every segment's change in customers and revenue. */
export function renderSegmentGrowth(report: SegmentGrowthReport, scope: ReportScope): Reply {
  const title = reportTitle('Segment growth', report.period, scope.owner);
  const { currency } = report;
  const against = formatPeriod(report.previousPeriod);
  if (report.segments.length === 0) {
    return emptyReport(title, `No customer had ordered by the end of ${formatPeriod(report.period)}, so there are no segments to compare.`);
  }
  const growing = report.segments.filter((s) => s.change > 0);
  const top = growing[0];
  const headline = top
    ? `Fastest growing: ${top.label} — ${customerGrowth(top)} to ${countCell(top.customers)}, ${revenueGrowth(top, currency)} against ${against}.`
    : `No segment grew against ${against}; the smallest loss was ${report.segments[0]!.label} (${customerGrowth(report.segments[0]!)}).`;
  const { shown, note } = capRows(report.segments, 'segments');
  return reply(
    header(title),
    text(headline),
    table(
      [left('segment', 'Segment'), right('customers', 'Customers'), right('was', 'Before'), right('growth', 'Growth'),
        right('revenue', 'Revenue'), right('revenueChange', 'Revenue change')],
      shown.map((s) => ({
        segment: s.label,
        customers: countCell(s.customers),
        was: countCell(s.previousCustomers),
        growth: s.changePct === null && s.customers > 0 ? 'new' : changeCell(s.changePct),
        revenue: moneyCell(s.monetary, currency),
        revenueChange: s.revenueChangePct === null && Number(s.monetary) > 0 ? 'new' : changeCell(s.revenueChangePct),
      })),
      note ?? `Growth: customers in the segment now against ${against}, ranked by that percentage`,
    ),
    contextLine(
      `RFM segments stored per period, scored company-wide; revenue in ${currency}`,
      `days in ${zoneName(scope.timeZone)}`,
      scope.owner && `customers ${scope.owner.name} owns`,
    ),
  );
}
