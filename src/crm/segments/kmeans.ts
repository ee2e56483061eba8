/**
 * Small, deterministic k-means for the behavioural clusters: k-means++ seeding driven by a seeded
 * PRNG, Lloyd iterations, and the mean silhouette to choose k. Pure functions on number[][].
 *
 * Why not ml-kmeans (npm, v7): it is deterministic with a seed, but brings ml-matrix and four more
 * packages for ~100 lines of arithmetic on three features, and this project adds no dependency
 * without a strong reason. Same input + same seed → same centroids and assignments, bit for bit
 * (no Math.random, no Date, iteration order fixed by the input order).
 */

import { mulberry32 } from '../../seed/random.js';

export type Point = readonly number[];

/** The seed module's mulberry32: seeds are plain integers, values in [0, 1). */
export const seededRandom = mulberry32;

function distance2(a: Point, b: Point): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]! - b[i]!;
    d += x * x;
  }
  return d;
}

function nearest(point: Point, centroids: readonly Point[]): { index: number; d2: number } {
  let index = 0;
  let d2 = Infinity;
  for (let c = 0; c < centroids.length; c += 1) {
    const d = distance2(point, centroids[c]!);
    if (d < d2) {
      d2 = d;
      index = c;
    }
  }
  return { index, d2 };
}

/** k-means++: the first centre uniformly, each next one with probability ∝ squared distance. */
function kmeansPlusPlus(points: readonly Point[], k: number, random: () => number): Point[] {
  const centroids: Point[] = [points[Math.floor(random() * points.length)]!];
  const d2 = points.map((p) => distance2(p, centroids[0]!));
  while (centroids.length < k) {
    const total = d2.reduce((s, d) => s + d, 0);
    let pick = d2.length - 1;
    if (total > 0) {
      let r = random() * total;
      for (let i = 0; i < d2.length; i += 1) {
        r -= d2[i]!;
        if (r < 0) {
          pick = i;
          break;
        }
      }
    }
    const next = points[pick]!;
    centroids.push(next);
    for (let i = 0; i < points.length; i += 1) d2[i] = Math.min(d2[i]!, distance2(points[i]!, next));
  }
  return centroids;
}

export interface KMeansResult {
  k: number;
  centroids: number[][];
  /** Cluster index per input point, in input order. */
  assignments: number[];
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
  iterations: number;
}

export interface KMeansOptions {
  seed: number;
  maxIterations?: number;
  /** Independent k-means++ starts (seeds seed, seed+1, …); the lowest inertia wins. */
  restarts?: number;
}

/** Lloyd's algorithm from k-means++ centres; an emptied cluster keeps its previous centre. */
export function kmeans(points: readonly Point[], k: number, options: KMeansOptions): KMeansResult {
  if (k < 1 || k > points.length) throw new RangeError(`k must be between 1 and ${points.length}, got ${k}`);
  let best: KMeansResult | undefined;
  for (let r = 0; r < (options.restarts ?? 3); r += 1) {
    const run = lloyd(points, k, options.seed + r, options.maxIterations ?? 100);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}

function lloyd(points: readonly Point[], k: number, seed: number, maxIterations: number): KMeansResult {
  return refine(points, kmeansPlusPlus(points, k, seededRandom(seed)).map((c) => [...c]), maxIterations);
}

/**
 * Mean silhouette (Rousseeuw 1987) of an assignment: for each point, (b − a) / max(a, b) with a
 * the mean distance to its own cluster and b the mean distance to the nearest other cluster;
 * a point alone in its cluster scores 0. O(n²): call it on a sample.
 */
export function meanSilhouette(points: readonly Point[], assignments: readonly number[], k: number): number {
  const n = points.length;
  if (n === 0) return 0;
  const dims = points[0]!.length;
  // A flat copy: the n² inner loop is the whole cost of choosing k.
  const flat = new Float64Array(n * dims);
  points.forEach((p, i) => p.forEach((v, d) => (flat[i * dims + d] = v)));
  const sums = new Float64Array(k);
  const counts = new Uint32Array(k);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    sums.fill(0);
    counts.fill(0);
    for (let j = 0; j < n; j += 1) {
      if (j === i) continue;
      let d2 = 0;
      for (let d = 0; d < dims; d += 1) {
        const x = flat[i * dims + d]! - flat[j * dims + d]!;
        d2 += x * x;
      }
      const c = assignments[j]!;
      sums[c]! += Math.sqrt(d2);
      counts[c]! += 1;
    }
    const own = assignments[i]!;
    if (counts[own] === 0) continue;
    const a = sums[own]! / counts[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c += 1) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (b === Infinity) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / n;
}

/** A larger k must beat the best smaller one by more than this to be chosen (ties → smaller k). */
export const SILHOUETTE_MARGIN = 0.01;

export interface ChooseKOptions extends KMeansOptions {
  minK?: number;
  maxK?: number;
  /** Points used for the silhouette (and for fitting), drawn with the seed; default 1,000. */
  sampleSize?: number;
}

export interface ChosenClustering extends KMeansResult {
  /** Mean silhouette per k tried, on the sample. */
  silhouettes: { k: number; silhouette: number }[];
}

/**
 * The rule for k: every k in 2..6 is fitted on the same seeded sample (at most 1,000 points, so
 * the O(n²) silhouette stays cheap) and the k with the highest mean silhouette wins, where a
 * larger k must beat a smaller one by more than SILHOUETTE_MARGIN (0.01) — ties go to the
 * smaller k. The chosen centroids are then refined with Lloyd iterations on every point, and all
 * points assigned. With fewer distinct points than 2, everything is one cluster.
 */
export function chooseClusters(points: readonly Point[], options: ChooseKOptions): ChosenClustering {
  const minK = options.minK ?? 2;
  const maxK = distinctUpTo(points, options.maxK ?? 6);
  if (maxK < minK) {
    if (points.length === 0) return { k: 0, centroids: [], assignments: [], inertia: 0, iterations: 0, silhouettes: [] };
    return { ...kmeans(points, 1, { ...options, restarts: 1 }), silhouettes: [] };
  }
  const sample = seededSample(points, options.sampleSize ?? 1000, options.seed);
  const silhouettes: { k: number; silhouette: number }[] = [];
  const fits = new Map<number, KMeansResult>();
  for (let k = minK; k <= distinctUpTo(sample, maxK); k += 1) {
    const fit = kmeans(sample, k, options);
    fits.set(k, fit);
    silhouettes.push({ k, silhouette: meanSilhouette(sample, fit.assignments, k) });
  }
  const bestK = pickK(silhouettes);
  const bestFit = fits.get(bestK) ?? kmeans(sample, 1, options);
  const refined = refine(points, bestFit.centroids, options.maxIterations ?? 100);
  return { ...refined, k: refined.k, silhouettes };
}

/** How many distinct points there are, counting no further than `limit` (k cannot exceed it). */
function distinctUpTo(points: readonly Point[], limit: number): number {
  const seen = new Set<string>();
  for (const p of points) {
    seen.add(p.join(','));
    if (seen.size >= limit) return limit;
  }
  return seen.size;
}

/**
 * The k rule on its own: the smallest k whose mean silhouette no larger k beats by more than
 * SILHOUETTE_MARGIN. Walks up from the smallest k, moving only on a clear improvement.
 */
export function pickK(silhouettes: readonly { k: number; silhouette: number }[]): number {
  let best = silhouettes[0];
  for (const s of silhouettes.slice(1)) if (best && s.silhouette > best.silhouette + SILHOUETTE_MARGIN) best = s;
  return best?.k ?? 1;
}

/** Lloyd iterations over all points from the given centroids (no reseeding). */
function refine(points: readonly Point[], start: number[][], maxIterations: number): KMeansResult {
  const k = start.length;
  const dims = start[0]!.length;
  let centroids = start.map((c) => [...c]);
  const assignments = new Array<number>(points.length).fill(-1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations += 1) {
    let moved = false;
    for (let i = 0; i < points.length; i += 1) {
      const { index } = nearest(points[i]!, centroids);
      if (index !== assignments[i]) {
        assignments[i] = index;
        moved = true;
      }
    }
    if (!moved) break;
    const sums = Array.from({ length: k }, () => new Array<number>(dims).fill(0));
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < points.length; i += 1) {
      const c = assignments[i]!;
      counts[c]! += 1;
      for (let d = 0; d < dims; d += 1) sums[c]![d]! += points[i]![d]!;
    }
    centroids = centroids.map((old, c) => (counts[c] === 0 ? old : sums[c]!.map((s) => s / counts[c]!)));
  }
  let inertia = 0;
  for (let i = 0; i < points.length; i += 1) inertia += distance2(points[i]!, centroids[assignments[i]!]!);
  return { k, centroids, assignments, inertia, iterations };
}

/** Up to `size` points chosen by a seeded partial Fisher–Yates shuffle, in input order. */
export function seededSample<T>(items: readonly T[], size: number, seed: number): T[] {
  if (items.length <= size) return [...items];
  const random = seededRandom(seed ^ 0x5eed);
  const index = items.map((_, i) => i);
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random() * (index.length - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index.slice(0, size).sort((a, b) => a - b).map((i) => items[i]!);
}
