import type { SegmentRow } from '../../crm/segments/segments.report.js';
import { MIN_CHART_POINTS, moneyLabel, plotNumber, type ChartRequest } from '../chart-request.js';
import { PALETTE } from '../theme.js';

export interface SegmentsChartInput {
  title: string;
  currency: string;
  segments: readonly Pick<SegmentRow, 'label' | 'customers' | 'revenue' | 'share'>[];
  /** The top segment, drawn in the accent colour. */
  top?: string;
}

/**
 * Share of the period's revenue per RFM segment, largest first, as horizontal bars: segment
 * names are long ("Potential Loyalists"), so they sit on the y axis where they fit unrotated.
 * Segments without revenue are left out (they would be zero-length bars).
 */
export function segmentsChart(input: SegmentsChartInput): ChartRequest | undefined {
  const rows = input.segments
    .filter((s) => s.share !== null && plotNumber(s.revenue) > 0)
    .map((s) => ({
      segment: s.label,
      share: plotNumber(s.share),
      // The exact share string from SQL, not the float, so the label matches the table.
      label: `${s.share}% · ${moneyLabel(plotNumber(s.revenue), input.currency)} · ${s.customers} ${s.customers === 1 ? 'customer' : 'customers'}`,
      top: s.label === input.top ? 'top' : 'other',
    }))
    .sort((a, b) => b.share - a.share || a.segment.localeCompare(b.segment));
  if (rows.length < MIN_CHART_POINTS) return undefined;
  const y = { field: 'segment', type: 'nominal' as const, sort: rows.map((r) => r.segment), title: null };
  const x = { field: 'share', type: 'quantitative' as const };
  const max = Math.max(...rows.map((r) => r.share));
  return {
    title: input.title,
    alt: `Bar chart of revenue share by segment, largest first: ${rows.map((r) => `${r.segment} ${r.label.split(' · ')[0]}`).join(', ')}.`,
    spec: {
      title: { text: input.title, subtitle: `Share of revenue by RFM segment (% of ${input.currency} revenue in the period)` },
      data: { values: rows },
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y,
            // Room on the right for the labels: the scale runs a third past the longest bar.
            x: { ...x, title: 'Share of revenue (%)', scale: { domain: [0, Math.min(100, Math.ceil((max * 1.45) / 5) * 5)] } },
            color: { field: 'top', type: 'nominal', legend: null, scale: { domain: ['top', 'other'], range: [PALETTE[1]!, PALETTE[0]!] } },
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 12, color: '#1f2933' },
          encoding: { y, x, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  };
}
