import type { CustomerCluster } from '../../crm/segments/customer-clusters.js';
import { MIN_CHART_POINTS, moneyLabel, plotNumber, type ChartRequest } from '../chart-request.js';
import { PALETTE } from '../theme.js';

export interface ClustersChartInput {
  title: string;
  currency: string;
  clusters: readonly Pick<CustomerCluster, 'name' | 'customers' | 'revenue' | 'averages'>[];
}

/**
 * One bubble per behavioural cluster: how long ago its customers bought on average (x, recent
 * on the left) against their average orders (y), the bubble's area its revenue. The three axes
 * the clusters were fitted on, read in real units, so the reader sees why they differ.
 */
export function clustersChart(input: ClustersChartInput): ChartRequest | undefined {
  const rows = input.clusters.map((c, i) => ({
    cluster: c.name,
    recency: Math.round(c.averages.recencyDays * 10) / 10,
    orders: Math.round(c.averages.orders * 10) / 10,
    revenue: plotNumber(c.revenue),
    label: `${c.name} · ${c.customers} ${c.customers === 1 ? 'customer' : 'customers'} · ${moneyLabel(plotNumber(c.revenue), input.currency)}`,
    colour: PALETTE[i % PALETTE.length]!,
  }));
  if (rows.length < MIN_CHART_POINTS) return undefined;
  const x = { field: 'recency', type: 'quantitative' as const, title: 'Days since last order (average)', scale: { zero: true } };
  const y = { field: 'orders', type: 'quantitative' as const, title: 'Orders in the period (average)', scale: { zero: true } };
  return {
    title: input.title,
    alt: `Bubble chart of customer clusters by days since last order and orders: ${rows
      .map((r) => `${r.cluster} ${r.recency} days, ${r.orders} orders`).join('; ')}.`,
    spec: {
      title: { text: input.title, subtitle: `Customer clusters: recency against orders, bubble area = ${input.currency} revenue` },
      data: { values: rows },
      layer: [
        {
          mark: { type: 'circle', opacity: 0.8, tooltip: true },
          encoding: {
            x, y,
            size: { field: 'revenue', type: 'quantitative', legend: null, scale: { range: [120, 2400] } },
            color: { field: 'colour', type: 'nominal', scale: null, legend: null },
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 14, fontSize: 12, color: '#1f2933' },
          encoding: { x, y, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  };
}
