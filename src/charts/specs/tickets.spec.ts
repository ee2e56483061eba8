import type { BacklogRow } from '../../crm/reports/tickets.report.js';
import { MIN_CHART_POINTS, type ChartRequest } from '../chart-request.js';

export interface TicketsChartInput {
  title: string;
  /** Most urgent first, as ticketsReport returns them. */
  byPriority: readonly BacklogRow[];
  /** When the backlog was counted, in the reader's words ("18 Nov 2026, 10:00"). */
  asOf: string;
}

const STATUS_COLORS = { Open: '#e15759', Pending: '#f1b26b' } as const;

/** The backlog now as stacked bars per priority (urgent → low): open at the base, pending on top. */
export function ticketsChart(input: TicketsChartInput): ChartRequest | undefined {
  const values = input.byPriority.flatMap((r) => {
    const priority = `${r.priority.charAt(0).toUpperCase()}${r.priority.slice(1)}`;
    return [
      { priority, status: 'Open', order: 0, count: r.open },
      { priority, status: 'Pending', order: 1, count: r.pending },
    ];
  });
  if (values.filter((v) => v.count > 0).length < MIN_CHART_POINTS) return undefined;
  const priorities = [...new Set(values.map((v) => v.priority))];
  const totals = priorities.map((p) => ({ priority: p, total: values.filter((v) => v.priority === p).reduce((n, v) => n + v.count, 0) }));
  const x = { field: 'priority', type: 'ordinal' as const, sort: priorities, title: 'Priority', axis: { labelAngle: 0 } };
  return {
    title: input.title,
    alt: `Stacked bar chart of the ticket backlog by priority as of ${input.asOf}: `
      + input.byPriority.map((r) => `${r.priority} ${r.open} open, ${r.pending} pending`).join('; ') + '.',
    spec: {
      title: { text: input.title, subtitle: `Backlog by priority as of ${input.asOf} (open and pending tickets)` },
      layer: [
        {
          data: { values },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x,
            y: { field: 'count', type: 'quantitative', stack: 'zero', title: 'Tickets', axis: { tickMinStep: 1, format: 'd' } },
            color: {
              field: 'status', type: 'nominal', title: null,
              scale: { domain: Object.keys(STATUS_COLORS), range: Object.values(STATUS_COLORS) },
            },
            order: { field: 'order', type: 'quantitative' },
          },
        },
        {
          // Totals above each stack: the number a support lead reads first.
          data: { values: totals },
          mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 12, color: '#1f2933' },
          encoding: { x, y: { field: 'total', type: 'quantitative' }, text: { field: 'total', type: 'quantitative' } },
        },
      ],
    },
  };
}
