import { DateTime } from 'luxon';
import type { MoneyString } from '../../crm/money.js';
import { MIN_CHART_POINTS, moneyLabel, plotNumber, type ChartRequest } from '../chart-request.js';
import { MONEY_AXIS_FORMAT, PALETTE } from '../theme.js';

export interface RevenueChartInput {
  /** The report's title, period included ("Revenue · 1 Jan – 31 Dec 2026"). */
  title: string;
  currency: string;
  /** By month ('YYYY-MM') or by day ('YYYY-MM-DD'), every one of the period in order, empty ones included. */
  unit: 'month' | 'day';
  points: ReadonlyArray<{ at: string; revenue: MoneyString; orders: number }>;
  /** True while the period is still running: the subtitle says the last bars are partial. */
  running?: boolean;
}

/** Bars above this count get no value labels: they would overlap at 800 px. */
const MAX_LABELLED_BARS = 16;

/** Revenue over time as vertical bars, the currency on the axis, compact amounts on the bars. */
export function revenueChart(input: RevenueChartInput): ChartRequest | undefined {
  const { points, currency, unit } = input;
  if (points.length < MIN_CHART_POINTS) return undefined;
  const dates = points.map((p) => DateTime.fromISO(p.at, { zone: 'UTC' }));
  const sameYear = dates.every((d) => d.year === dates[0]!.year);
  const sameMonth = sameYear && dates.every((d) => d.month === dates[0]!.month);
  const tickFormat = unit === 'month' ? (sameYear ? 'LLL' : 'LLL yy') : sameMonth ? 'd' : 'd LLL';
  const values = points.map((p, i) => {
    const revenue = plotNumber(p.revenue);
    return { at: dates[i]!.toFormat(tickFormat), revenue, label: p.orders > 0 ? moneyLabel(revenue, currency) : '', orders: p.orders };
  });
  // What the axis ticks leave out ("2026", "October 2026") goes in the subtitle and axis title.
  const span = unit === 'month' ? (sameYear ? ` ${dates[0]!.year}` : '') : sameMonth ? ` in ${dates[0]!.toFormat('LLLL yyyy')}` : '';
  const subtitle = `Revenue by ${unit}${span}, ${currency}${input.running ? ' · the period is still running' : ''}`;
  const best = values.reduce((a, b) => (b.revenue > a.revenue ? b : a));
  const crowded = values.length > 12 && tickFormat !== 'd';
  const x = {
    field: 'at', type: 'ordinal' as const, sort: values.map((v) => v.at),
    title: unit === 'day' ? `Day${span}` : null,
    axis: { labelAngle: crowded ? -45 : 0, labelOverlap: 'parity' as const },
  };
  return {
    title: input.title,
    alt: `Bar chart of revenue by ${unit}${span} in ${currency}, ${values.length} ${unit}s; highest ${best.at} at ${moneyLabel(best.revenue, currency)}.`,
    spec: {
      title: { text: input.title, subtitle },
      data: { values },
      layer: [
        {
          mark: { type: 'bar', color: PALETTE[0], tooltip: true },
          encoding: {
            x,
            y: { field: 'revenue', type: 'quantitative', title: `Revenue (${currency})`, axis: { format: MONEY_AXIS_FORMAT, tickCount: 6 } },
          },
        },
        ...(values.length <= MAX_LABELLED_BARS
          ? [{
            mark: { type: 'text' as const, baseline: 'bottom' as const, dy: -4, fontSize: 12, color: '#1f2933' },
            encoding: { x, y: { field: 'revenue', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
          }]
          : []),
      ],
    },
  };
}
