import { ACTIVITY_KINDS, type ActivityKind } from '../../intents/catalog.js';
import { withChart } from '../../charts/chart-block.js';
import { activitiesChart } from '../../charts/specs/activities.spec.js';
import { activitiesReport, type ActivitiesReport, type ActivityCounts } from '../../crm/reports/activities.report.js';
import type { ReportPeriod } from '../../crm/reports/report-period.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Reply } from '../../reply/reply.js';
import { capitalize, formatPeriod } from '../common/format.js';
import { capRows, contextLine, counted, countCell, emptyReport, left, reportTitle, right, zoneName, type ReportScope } from './report-format.js';

const KIND_LABEL: Record<ActivityKind, [one: string, many: string]> = {
  call: ['call', 'calls'],
  meeting: ['meeting', 'meetings'],
  email: ['email', 'emails'],
  note: ['note', 'notes'],
};

export async function showActivities(db: DbOrTx, period: ReportPeriod, scope: ReportScope): Promise<Reply> {
  const report = await activitiesReport(db, { period, timeZone: scope.timeZone, ownerId: scope.owner?.id });
  const r = renderActivities(report, scope);
  const chart = activitiesChart({ title: reportTitle('Activities', report.period, scope.owner), byAuthor: report.byAuthor });
  return withChart(r, chart, scope.charts !== false);
}

/** Totals by kind in the headline, then a row per rep (most active first) with a column per kind. */
export function renderActivities(report: ActivitiesReport, scope: ReportScope): Reply {
  const title = reportTitle('Activities', report.period, scope.owner);
  if (report.total === 0) {
    const who = scope.owner ? ` by ${scope.owner.name}` : '';
    return emptyReport(title, `No calls, meetings, emails or notes were logged${who} in ${formatPeriod(report.period)}.`);
  }
  const byKind = ACTIVITY_KINDS.filter((k) => report.byKind[k] > 0)
    .map((k) => counted(report.byKind[k], KIND_LABEL[k][0], KIND_LABEL[k][1]));
  const reps = report.byAuthor.length;
  const headline = `${counted(report.total, 'activity', 'activities')}: ${byKind.join(', ')}`
    + (scope.owner ? '.' : ` from ${counted(reps, 'rep')}.`);
  const { shown, note } = capRows(report.byAuthor, 'reps');
  const kindCells = (counts: ActivityCounts) =>
    Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, countCell(counts[k])]));
  const rows = shown.map((a) => ({ rep: a.authorName ?? 'Unknown', ...kindCells(a.byKind), total: countCell(a.total) }));
  if (reps > 1) rows.push({ rep: 'Total', ...kindCells(report.byKind), total: countCell(report.total) });
  return reply(
    header(title),
    text(headline),
    table(
      [left('rep', 'Rep'), ...ACTIVITY_KINDS.map((k) => right(k, capitalize(KIND_LABEL[k][1]))), right('total', 'Total')],
      rows,
      note,
    ),
    contextLine(`Days in ${zoneName(scope.timeZone)}`, scope.groupBy && scope.groupBy !== 'owner' && `grouping by ${scope.groupBy} is not available here, shown by rep`),
  );
}
