import type { ActivityAuthorRow } from '../../crm/reports/activities.report.js';
import { ACTIVITY_KINDS } from '../../intents/catalog.js';
import { MIN_CHART_POINTS, type ChartRequest } from '../chart-request.js';
import { PALETTE } from '../theme.js';

export interface ActivitiesChartInput {
  title: string;
  /** Most active first, as activitiesReport returns them. */
  byAuthor: readonly ActivityAuthorRow[];
}

/** A chat-sized chart has room for this many reps (18 px a bar at 450 px); the table lists the rest. */
export const MAX_CHART_REPS = 20;

const KIND_LABEL = { call: 'Calls', meeting: 'Meetings', email: 'Emails', note: 'Notes' } as const;

/** Activities per rep as horizontal bars stacked by kind, the most active rep on top. */
export function activitiesChart(input: ActivitiesChartInput): ChartRequest | undefined {
  const reps = input.byAuthor.slice(0, MAX_CHART_REPS);
  const values = reps.flatMap((a) =>
    ACTIVITY_KINDS.map((kind, order) => ({ rep: a.authorName ?? 'Unknown', kind: KIND_LABEL[kind], order, count: a.byKind[kind] })),
  );
  if (values.filter((v) => v.count > 0).length < MIN_CHART_POINTS) return undefined;
  const names = reps.map((a) => a.authorName ?? 'Unknown');
  const left = input.byAuthor.length - reps.length;
  const y = { field: 'rep', type: 'nominal' as const, sort: names, title: null };
  return {
    title: input.title,
    alt: `Stacked bar chart of activities by rep and kind: ${reps.map((a) => `${a.authorName ?? 'Unknown'} ${a.total}`).join(', ')}.`,
    spec: {
      title: {
        text: input.title,
        subtitle: `Calls, meetings, emails and notes logged per rep${left > 0 ? ` · top ${reps.length} reps, ${left} more in the table` : ''}`,
      },
      layer: [
        {
          data: { values },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y,
            x: { field: 'count', type: 'quantitative', stack: 'zero', title: 'Activities', axis: { tickMinStep: 1, format: 'd' } },
            color: {
              field: 'kind', type: 'nominal', title: null,
              scale: { domain: Object.values(KIND_LABEL), range: PALETTE.slice(0, 4) },
            },
            order: { field: 'order', type: 'quantitative' },
          },
        },
        {
          data: { values: reps.map((a) => ({ rep: a.authorName ?? 'Unknown', total: a.total })) },
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 12, color: '#1f2933' },
          encoding: { y, x: { field: 'total', type: 'quantitative' }, text: { field: 'total', type: 'quantitative' } },
        },
      ],
    },
  };
}
