import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { MoneyString } from '../money.js';
import type { ReportPeriod } from '../reports/report-period.js';
import { currencyCode } from '../reports/report-sql.js';
import { describeCluster, uniqueClusterNames, type ClusterAverages } from './cluster-description.js';
import { chooseClusters, type Point } from './kmeans.js';
import { ensureSegmentSnapshot } from './segment-snapshot.js';

/** The default seed: any fixed integer; a different seed may number or split clusters differently. */
export const CLUSTER_SEED = 20261122;

export interface ClustersParams {
  period: ReportPeriod;
  timeZone: string;
  /** "Today" in the user's zone: recency in a period that has not ended counts to today. */
  now: Date;
  /** Only this owner's customers are counted; the clusters are fitted on every customer. */
  ownerId?: number;
  currency?: string;
  seed?: number;
}

export interface CustomerCluster {
  /** 1-based, by revenue in scope (then customers). */
  index: number;
  name: string;
  description: string;
  /** Customers in scope (the owner's book, or everyone). */
  customers: number;
  revenue: MoneyString;
  /** Means over the whole cluster, in real units. */
  averages: ClusterAverages;
  /** The centroid in standardised space [recency, orders, revenue]. */
  centroid: number[];
}

export interface ClustersReport {
  period: ReportPeriod;
  currency: string;
  seed: number;
  k: number;
  /** Mean silhouette per k tried (2..6), the evidence for k. */
  silhouettes: { k: number; silhouette: number }[];
  clusters: CustomerCluster[];
}

export interface CustomerFeatures {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/**
 * The standardised features: log1p of recency days, orders and revenue, then z-scores. All three
 * are right-skewed (a few customers with 100× the orders or revenue, a long tail of long-lapsed
 * ones); without the log those few would each get a cluster and everyone else share one. log1p
 * also says "3 vs 30 days" matters more than "300 vs 330". A feature with no spread becomes 0.
 */
export function standardise(rows: readonly CustomerFeatures[]): { points: number[][]; mean: number[]; sd: number[] } {
  const raw = rows.map((r) => [Math.log1p(Math.max(0, r.recencyDays)), Math.log1p(r.frequency), Math.log1p(Math.max(0, r.monetary))]);
  const n = raw.length || 1;
  const mean = [0, 1, 2].map((d) => raw.reduce((s, p) => s + p[d]!, 0) / n);
  const sd = [0, 1, 2].map((d) => Math.sqrt(raw.reduce((s, p) => s + (p[d]! - mean[d]!) ** 2, 0) / n));
  const points = raw.map((p) => p.map((v, d) => (sd[d]! > 0 ? (v - mean[d]!) / sd[d]! : 0)));
  return { points, mean, sd };
}

interface Row {
  customer_id: number;
  recency_days: number;
  frequency: number;
  monetary: string;
  owned: boolean;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const money = (c: number): MoneyString => (c / 100).toFixed(2) as MoneyString;

/**
 * Behavioural clusters for the period: the RFM snapshot's recency, orders and revenue per
 * customer (scored first if missing, see ensureSegmentSnapshot), standardised, clustered with
 * k-means (k by silhouette, see chooseClusters) from a fixed seed, and each cluster named and
 * described from its centroid. Same data and seed → same clusters, numbers and names.
 */
export async function customerClusters(db: DbOrTx, params: ClustersParams): Promise<ClustersReport> {
  const seed = params.seed ?? CLUSTER_SEED;
  const { currency } = await ensureSegmentSnapshot(db, {
    period: params.period, timeZone: params.timeZone, currency: currencyCode(params.currency),
  });
  const owned = params.ownerId === undefined
    ? sql`true`
    : sql`exists (select 1 from customers c where c.id = x.customer_id and c.owner_id = ${params.ownerId})`;
  const { rows } = await sql<Row>`
    select x.customer_id, x.recency_days, x.frequency, x.monetary, ${owned} as owned
    from segments x
    where x.method = 'rfm' and x.period_start = ${params.period.start}::date and x.period_end = ${params.period.end}::date
    order by x.customer_id`.execute(db);

  // Recency counts to the period's last day; in a period still running, count to today instead
  // (the same shift for everyone, so the clusters do not change, only the "days ago").
  const today = DateTime.fromJSDate(params.now, { zone: params.timeZone }).toISODate()!;
  const ahead = Math.max(0, DateTime.fromISO(params.period.end).diff(DateTime.fromISO(today), 'days').days);
  const features = rows.map((r): CustomerFeatures => ({
    recencyDays: Math.max(0, r.recency_days - ahead), frequency: Number(r.frequency), monetary: Number(r.monetary),
  }));
  const { points } = standardise(features);
  const fit = chooseClusters(points as Point[], { seed });

  const k = fit.centroids.length;
  const stats = Array.from({ length: k }, () => ({ all: 0, recency: 0, orders: 0, revenue: 0, customers: 0, cents: 0 }));
  rows.forEach((r, i) => {
    const s = stats[fit.assignments[i]!]!;
    s.all += 1;
    s.recency += features[i]!.recencyDays;
    s.orders += features[i]!.frequency;
    s.revenue += features[i]!.monetary;
    if (r.owned) {
      s.customers += 1;
      s.cents += cents(r.monetary);
    }
  });
  const sorted = stats
    .map((s, c) => ({ ...s, centroid: fit.centroids[c]! }))
    .filter((s) => s.all > 0)
    .sort((a, b) => b.cents - a.cents || b.customers - a.customers || b.all - a.all);
  const names = uniqueClusterNames(sorted.map((s) => s.centroid));
  const clusters = sorted.map((s, i): CustomerCluster => {
    const averages = { recencyDays: s.recency / s.all, orders: s.orders / s.all, revenue: s.revenue / s.all };
    return {
      index: i + 1, name: names[i]!, description: describeCluster(averages, currency), customers: s.customers,
      revenue: money(s.cents), averages, centroid: s.centroid,
    };
  });
  return { period: params.period, currency, seed, k: clusters.length, silhouettes: fit.silhouettes, clusters };
}
