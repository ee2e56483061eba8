import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { TicketPriority } from '../../intents/catalog.js';
import { periodRange, type ReportPeriod } from './report-period.js';

export interface TicketsReportParams {
  period: ReportPeriod;
  timeZone: string;
  /** The current instant (ctx.now()): backlog and "open past its SLA" are as of now. */
  now: Date;
  assigneeId?: number;
}

/** Most urgent first: the order a support lead reads a backlog in. */
export const BACKLOG_PRIORITY_ORDER = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly TicketPriority[];

export interface BacklogRow {
  priority: TicketPriority;
  open: number;
  pending: number;
  /** Open or pending with sla_due_at already passed. */
  overdue: number;
}

export interface TicketsReport {
  period: ReportPeriod;
  /** Tickets created in the period. */
  opened: number;
  /** Tickets now resolved or closed whose resolution (resolved_at, else closed_at) fell in the period. */
  resolved: number;
  /** Median hours from creation to resolution over `resolved`, one decimal; null when none. */
  medianHoursToResolve: number | null;
  slaBreaches: {
    /** Of `resolved`: resolved after their sla_due_at. */
    resolvedLate: number;
    /** Open or pending right now with sla_due_at in the past (whenever they were created). */
    openOverdue: number;
  };
  /** Open + pending right now, regardless of the period. */
  backlog: { total: number; byPriority: BacklogRow[] };
}

/**
 * Two queries: period statistics, and the current backlog by priority.
 * `opened` is a range scan on tickets_created_idx; `resolved` one on tickets_resolved_idx, which
 * holds resolved and closed tickets by coalesce(resolved_at, closed_at), as asked here.
 * The backlog reads tickets_status_idx (status, priority), or tickets_assignee_idx
 * (assignee_id, status) when an assignee is given.
 */
export async function ticketsReport(db: DbOrTx, params: TicketsReportParams): Promise<TicketsReport> {
  const range = periodRange(params.period, params.timeZone);
  const assignee = params.assigneeId === undefined ? sql`` : sql`and t.assignee_id = ${params.assigneeId}`;
  const now = params.now.toISOString();

  const statsQuery = sql<{ opened: number; resolved: number; median_hours: number | null; resolved_late: number }>`
    select
      (select count(*) from tickets t
        where t.created_at >= ${range.from}::timestamptz and t.created_at < ${range.to}::timestamptz ${assignee}
      ) as opened,
      count(*) as resolved,
      round((percentile_cont(0.5) within group (
        order by extract(epoch from (coalesce(t.resolved_at, t.closed_at) - t.created_at))::float8 / 3600
      ))::numeric, 1)::float8 as median_hours,
      count(*) filter (where coalesce(t.resolved_at, t.closed_at) > t.sla_due_at) as resolved_late
    from tickets t
    where t.status in ('resolved', 'closed')
      and coalesce(t.resolved_at, t.closed_at) >= ${range.from}::timestamptz
      and coalesce(t.resolved_at, t.closed_at) < ${range.to}::timestamptz
      ${assignee}`.execute(db);

  const backlogQuery = sql<{ priority: TicketPriority; open: number; pending: number; overdue: number }>`
    select t.priority,
      count(*) filter (where t.status = 'open') as open,
      count(*) filter (where t.status = 'pending') as pending,
      count(*) filter (where t.sla_due_at < ${now}::timestamptz) as overdue
    from tickets t
    where t.status in ('open', 'pending') ${assignee}
    group by t.priority`.execute(db);

  const [stats, backlog] = await Promise.all([statsQuery, backlogQuery]);
  const s = stats.rows[0]!;
  const byPriority = BACKLOG_PRIORITY_ORDER.map((priority): BacklogRow => {
    const row = backlog.rows.find((r) => r.priority === priority);
    return { priority, open: row?.open ?? 0, pending: row?.pending ?? 0, overdue: row?.overdue ?? 0 };
  });
  return {
    period: params.period,
    opened: s.opened,
    resolved: s.resolved,
    medianHoursToResolve: s.median_hours,
    slaBreaches: {
      resolvedLate: s.resolved_late,
      openOverdue: byPriority.reduce((n, r) => n + r.overdue, 0),
    },
    backlog: { total: byPriority.reduce((n, r) => n + r.open + r.pending, 0), byPriority },
  };
}
