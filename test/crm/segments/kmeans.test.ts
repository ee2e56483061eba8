import { describe, expect, it } from 'vitest';
import { centroidBands, clusterName, describeCluster, uniqueClusterNames } from '../../../src/crm/segments/cluster-description.js';
import { standardise } from '../../../src/crm/segments/customer-clusters.js';
import {
  chooseClusters, kmeans, meanSilhouette, pickK, seededRandom, seededSample, SILHOUETTE_MARGIN,
} from '../../../src/crm/segments/kmeans.js';

/** `n` points around each centre, jittered by a seeded PRNG (so the data itself is fixed). */
function blobs(centres: number[][], n: number, spread = 0.3, seed = 7): number[][] {
  const random = seededRandom(seed);
  return centres.flatMap((c) => Array.from({ length: n }, () => c.map((v) => v + (random() - 0.5) * 2 * spread)));
}

/** Assignments as a partition (sets of point indexes), independent of how clusters are numbered. */
function partition(assignments: readonly number[]): string[] {
  const groups = new Map<number, number[]>();
  assignments.forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), i]));
  return [...groups.values()].map((g) => g.join(',')).sort();
}

const THREE = [[0, 0, 0], [5, 5, 0], [0, 5, 5]];

describe('seeded k-means', () => {
  it('gives identical centroids and assignments for the same input and seed', () => {
    const points = blobs(THREE, 40);
    const a = kmeans(points, 3, { seed: 42 });
    const b = kmeans(points, 3, { seed: 42 });
    expect(b.centroids).toEqual(a.centroids);
    expect(b.assignments).toEqual(a.assignments);
    expect(chooseClusters(points, { seed: 42 })).toEqual(chooseClusters(points, { seed: 42 }));
  });

  it('finds the same groups from other seeds on well-separated data, though it may number them differently', () => {
    const points = blobs(THREE, 40);
    const seeds = [1, 2, 3, 42, 20261122].map((seed) => kmeans(points, 3, { seed }));
    const groups = partition(seeds[0]!.assignments);
    for (const run of seeds) expect(partition(run.assignments)).toEqual(groups);
    expect(groups).toHaveLength(3);
  });

  it('draws a fixed sample for a fixed seed, in input order', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const sample = seededSample(items, 10, 5);
    expect(seededSample(items, 10, 5)).toEqual(sample);
    expect(sample).toEqual([...sample].sort((x, y) => x - y));
    expect(new Set(sample).size).toBe(10);
    expect(seededSample(items, 200, 5)).toEqual(items);
  });

  it('scores clean clusters near 1 and a random split near 0 on the silhouette', () => {
    const points = blobs([[0, 0, 0], [10, 10, 10]], 20, 0.1);
    const clean = points.map((_, i) => (i < 20 ? 0 : 1));
    const mixed = points.map((_, i) => i % 2);
    expect(meanSilhouette(points, clean, 2)).toBeGreaterThan(0.95);
    expect(Math.abs(meanSilhouette(points, mixed, 2))).toBeLessThan(0.1);
  });
});

describe('the rule for k', () => {
  it('picks the k with the best silhouette, and the smaller k when a larger one is not better by more than the margin', () => {
    expect(pickK([{ k: 2, silhouette: 0.40 }, { k: 3, silhouette: 0.55 }, { k: 4, silhouette: 0.50 }])).toBe(3);
    expect(pickK([{ k: 2, silhouette: 0.50 }, { k: 3, silhouette: 0.50 + SILHOUETTE_MARGIN }])).toBe(2);
    expect(pickK([{ k: 2, silhouette: 0.50 }, { k: 3, silhouette: 0.52 }])).toBe(3);
  });

  it('finds three groups in three blobs and two in two', () => {
    const three = chooseClusters(blobs(THREE, 30), { seed: 1 });
    expect(three.k).toBe(3);
    expect(three.silhouettes.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
    expect(chooseClusters(blobs([[0, 0, 0], [8, 8, 8]], 30), { seed: 1 }).k).toBe(2);
  });

  it('puts everyone in one cluster when all customers look the same', () => {
    const same = Array.from({ length: 5 }, () => [1, 1, 1]);
    expect(chooseClusters(same, { seed: 1 })).toMatchObject({ k: 1, assignments: [0, 0, 0, 0, 0], silhouettes: [] });
    expect(chooseClusters([], { seed: 1 })).toMatchObject({ k: 0, assignments: [] });
  });
});

describe('standardised features', () => {
  it('log-transforms recency, orders and revenue and gives each mean 0 and spread 1', () => {
    const { points, mean } = standardise([
      { recencyDays: 0, frequency: 0, monetary: 0 },
      { recencyDays: 9, frequency: 9, monetary: 999 },
    ]);
    expect(mean.map((m) => Number(m.toFixed(4)))).toEqual([Number((Math.log(10) / 2).toFixed(4)), Number((Math.log(10) / 2).toFixed(4)), Number((Math.log(1000) / 2).toFixed(4))]);
    expect(points).toEqual([[-1, -1, -1], [1, 1, 1]]);
    expect(standardise([{ recencyDays: 3, frequency: 1, monetary: 5 }, { recencyDays: 3, frequency: 1, monetary: 5 }]).points).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});

describe('cluster names and descriptions', () => {
  it('names a cluster from where its centroid sits', () => {
    expect(clusterName([-1.2, 1.1, 1.4])).toBe('Big recent spenders');
    expect(clusterName([1.3, -1, -1.2])).toBe('Dormant customers');
    expect(clusterName([1.3, 1, 0.8])).toBe('Lapsed big spenders');
    expect(clusterName([0, 0, 0])).toBe('Steady middle');
    expect(centroidBands([-0.6, -0.7, -0.9])).toEqual({ recency: 'recent', value: 'low' });
    expect(uniqueClusterNames([[0, 0, 0], [-1, 1, 1], [0.1, 0.1, 0]])).toEqual(['Steady middle', 'Big recent spenders', 'Steady middle 2']);
  });

  it('describes the centroid in real units', () => {
    expect(describeCluster({ recencyDays: 12.2, orders: 9, revenue: 48_000 }, 'USD'))
      .toBe('bought 12 days ago on average, 9 orders and $48K per customer in the period');
    expect(describeCluster({ recencyDays: 1, orders: 1, revenue: 250.4 }, 'EUR'))
      .toBe('bought 1 day ago on average, 1 order and €250.4 per customer in the period');
    expect(describeCluster({ recencyDays: 0.2, orders: 2.25, revenue: 1_250_000 }, 'USD'))
      .toBe('bought on the last day on average, 2.3 orders and $1.3M per customer in the period');
  });
});
