import { withChart } from '../../charts/chart-block.js';
import { ticketsChart } from '../../charts/specs/tickets.spec.js';
import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { ticketsReport, type TicketsReport } from '../../crm/reports/tickets.report.js';
import type { DbOrTx } from '../../db/database.js';
import { fields, header, reply, table, text, type Block, type Reply } from '../../reply/reply.js';
import { capitalize, formatInstant, formatPeriod } from '../common/format.js';
import { contextLine, counted, countCell, emptyReport, left, reportTitle, right, zoneName, type ReportScope } from './report-format.js';

export async function showTickets(db: DbOrTx, period: ReportPeriod, scope: ReportScope): Promise<Reply> {
  const report = await ticketsReport(db, { period, timeZone: scope.timeZone, now: scope.now, assigneeId: scope.owner?.id });
  const r = renderTickets(report, scope);
  const chart = ticketsChart({
    title: reportTitle('Tickets', report.period, scope.owner),
    byPriority: report.backlog.byPriority,
    asOf: formatInstant(scope.now, scope.timeZone),
  });
  return withChart(r, chart, scope.charts !== false);
}

/** Flow in the period (opened, resolved, median time, late) and the backlog as it stands now. */
export function renderTickets(report: TicketsReport, scope: ReportScope): Reply {
  const title = reportTitle('Tickets', report.period, scope.owner);
  const { opened, resolved, backlog, slaBreaches } = report;
  const notes = [
    `Backlog and overdue counts as of ${formatInstant(scope.now, scope.timeZone)}`,
    `days in ${zoneName(scope.timeZone)}`,
    scope.owner && `tickets assigned to ${scope.owner.name}`,
  ];
  if (opened === 0 && resolved === 0 && backlog.total === 0) {
    return emptyReport(title, `No tickets were opened or resolved in ${formatPeriod(report.period)}, and nothing is waiting. A quiet stretch!`);
  }
  const median = report.medianHoursToResolve === null ? '—' : hours(report.medianHoursToResolve);
  const flow = opened === 0 && resolved === 0
    ? `No tickets were opened or resolved in ${formatPeriod(report.period)}.`
    : `${counted(opened, 'ticket')} opened and ${countCell(resolved)} resolved or closed`
      + (report.medianHoursToResolve === null ? '.' : `, in a median of ${median}.`);
  const late = resolved > 0 ? ` ${countCell(slaBreaches.resolvedLate)} of those resolved missed their SLA.` : '';
  const waiting = ` ${counted(backlog.total, 'ticket')} waiting now, ${countCell(slaBreaches.openOverdue)} past SLA.`;

  const blocks: Block[] = [
    header(title),
    text(flow + late + waiting),
    fields(
      { label: 'Opened', value: countCell(opened) },
      { label: 'Resolved or closed', value: countCell(resolved) },
      { label: 'Median time to resolve', value: median },
      { label: 'Resolved past SLA', value: countCell(slaBreaches.resolvedLate) },
      { label: 'Backlog now', value: countCell(backlog.total) },
      { label: 'Waiting past SLA', value: countCell(slaBreaches.openOverdue) },
    ),
  ];
  if (backlog.total > 0) {
    blocks.push(table(
      [left('priority', 'Priority'), right('open', 'Open'), right('pending', 'Pending'), right('overdue', 'Past SLA')],
      backlog.byPriority.map((r) => ({
        priority: capitalize(r.priority), open: countCell(r.open), pending: countCell(r.pending), overdue: countCell(r.overdue),
      })),
      'Backlog by priority, most urgent first',
    ));
  }
  blocks.push(contextLine(...notes));
  return reply(...blocks);
}

/** 18.5 → "18.5 hours"; two days or more reads better in days ("3.2 days"). */
function hours(value: number): string {
  if (value >= 48) return `${(value / 24).toFixed(1)} days`;
  return `${value.toFixed(1)} ${value === 1 ? 'hour' : 'hours'}`;
}
