/**
 * Plain-language names and descriptions for behavioural clusters, from their centroids.
 *
 * The name comes from where the centroid sits in the standardised feature space (z-scores of
 * log1p recency, orders, revenue): recency "recent" below −0.5 (fewer days than average), "lapsed"
 * above +0.5; value — the mean of the orders and revenue z-scores — "high" above +0.5, "low" below
 * −0.5; anything between is the middle. The description uses the centroid in real units (the
 * mean of the cluster's customers), so it reads "bought 12 days ago on average, 9 orders, $48K".
 */

export type RecencyBand = 'recent' | 'middle' | 'lapsed';
export type ValueBand = 'high' | 'middle' | 'low';

const NAMES: Record<RecencyBand, Record<ValueBand, string>> = {
  recent: { high: 'Big recent spenders', middle: 'Active regulars', low: 'Recent light buyers' },
  middle: { high: 'Big spenders cooling off', middle: 'Steady middle', low: 'Occasional light buyers' },
  lapsed: { high: 'Lapsed big spenders', middle: 'Fading regulars', low: 'Dormant customers' },
};

export const BAND_THRESHOLD = 0.5;

/** [zRecency, zFrequency, zMonetary] → bands. A lower recency (fewer days) is more recent. */
export function centroidBands(z: readonly number[]): { recency: RecencyBand; value: ValueBand } {
  const [r, f, m] = z as [number, number, number];
  const value = (f + m) / 2;
  return {
    recency: r < -BAND_THRESHOLD ? 'recent' : r > BAND_THRESHOLD ? 'lapsed' : 'middle',
    value: value > BAND_THRESHOLD ? 'high' : value < -BAND_THRESHOLD ? 'low' : 'middle',
  };
}

export function clusterName(z: readonly number[]): string {
  const { recency, value } = centroidBands(z);
  return NAMES[recency][value];
}

/** Names for several clusters: a repeated name gets " 2", " 3" in the given order. */
export function uniqueClusterNames(centroids: readonly (readonly number[])[]): string[] {
  const seen = new Map<string, number>();
  return centroids.map((z) => {
    const name = clusterName(z);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} ${n}`;
  });
}

export interface ClusterAverages {
  recencyDays: number;
  orders: number;
  /** Revenue per customer in the period, in `currency`. */
  revenue: number;
}

const ORDERS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function compactMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(amount);
  } catch {
    return `${amount.toFixed(0)} ${currency}`;
  }
}

/** "bought 12 days ago on average, 9 orders and $48K per customer in the period". */
export function describeCluster(avg: ClusterAverages, currency: string): string {
  const days = Math.round(avg.recencyDays);
  const when = days === 0 ? 'bought on the last day on average' : `bought ${days} ${days === 1 ? 'day' : 'days'} ago on average`;
  const orders = Number(ORDERS.format(avg.orders)) === 1 ? '1 order' : `${ORDERS.format(avg.orders)} orders`;
  return `${when}, ${orders} and ${compactMoney(avg.revenue, currency)} per customer in the period`;
}
