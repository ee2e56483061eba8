import { createHash } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { Piscina } from 'piscina';
import type { ChartSize, VegaLiteSpec } from './render-chart.js';
import { CHART_SIZE } from './theme.js';

/**
 * Charts are drawn on a worker thread. Building a chart (vega-lite compile, vega layout, SVG)
 * is 50–130 ms of synchronous JavaScript; on the thread that also acknowledges Slack and
 * Discord within their 3 s it delays every other message behind it (the load test measured
 * ack p99 452 ms at 40 requests/s with charts on the main thread, 29 ms without charts).
 *
 * RAPPORT_CHART_THREADS sets the number of threads (default 1; 0 draws on the calling thread).
 * The pool starts with the first chart and its threads are unref'd, so a CLI command that
 * draws one chart still exits by itself.
 *
 * The same chart is drawn once: a spec carries its data, so an identical spec is an identical
 * picture. Finished PNGs are kept in a cache bounded by bytes (RAPPORT_CHART_CACHE_MB, default
 * 32; 0 turns it off), and requests for a chart that is being drawn wait for that drawing. A
 * channel that asks for the pipeline ten times a minute costs one drawing until a deal moves.
 */

export interface DrawnChart {
  png: Uint8Array;
  width: number;
  height: number;
  ms: number;
  /** The worker thread that drew it (the calling thread's id when drawn in place). */
  thread: number;
  /** Served from the cache or from a drawing already under way: `ms` is that drawing's. */
  reused?: boolean;
}

let pool: Piscina | undefined;
let broken = false;

function threads(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.RAPPORT_CHART_THREADS ?? 1);
  return Number.isInteger(n) && n >= 0 && n <= 16 ? n : 1;
}

function chartPool(): Piscina | undefined {
  if (broken || threads() === 0) return undefined;
  pool ??= new Piscina({
    filename: new URL('./chart-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: threads(),
    // vega and the fonts load once per thread (about a second): keep an idle thread a while.
    idleTimeout: 10 * 60_000,
  });
  return pool;
}

async function drawHere(spec: VegaLiteSpec, size: ChartSize): Promise<DrawnChart> {
  const { renderChartImage } = await import('./render-chart.js');
  const { png, width, height, ms } = await renderChartImage(spec, size);
  return { png, width, height, ms, thread: threadId };
}

function cacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.RAPPORT_CHART_CACHE_MB ?? 32);
  return Number.isFinite(mb) && mb >= 0 && mb <= 4096 ? Math.floor(mb * 2 ** 20) : 32 * 2 ** 20;
}

let drawnCache: LRUCache<string, DrawnChart> | undefined;
const drawing = new Map<string, Promise<DrawnChart>>();

function cache(): LRUCache<string, DrawnChart> | undefined {
  const maxSize = cacheBytes();
  if (maxSize === 0) return undefined;
  if (drawnCache?.maxSize !== maxSize) drawnCache = new LRUCache({ maxSize, sizeCalculation: (chart) => Math.max(1, chart.png.byteLength) });
  return drawnCache;
}

/**
 * The chart as a PNG, drawn off the calling thread, or the same chart drawn before (see
 * above). The bytes may be shared with other replies: read them, never write to them.
 */
export async function drawChart(spec: VegaLiteSpec, size: ChartSize = CHART_SIZE): Promise<DrawnChart> {
  const cached = cache();
  if (!cached) return draw(spec, size);
  const key = createHash('sha256').update(JSON.stringify([spec, size])).digest('base64url');
  const done = cached.get(key);
  if (done) return { ...done, reused: true };
  const under = drawing.get(key);
  if (under) return { ...(await under), reused: true };
  const promise = draw(spec, size);
  drawing.set(key, promise);
  try {
    const drawn = await promise;
    cached.set(key, drawn);
    return drawn;
  } finally {
    drawing.delete(key);
  }
}

/** Forgets every drawn chart (tests). */
export function clearChartCache(): void {
  drawnCache?.clear();
}

/**
 * Draws on the pool. If the worker cannot start at all (no worker threads, a loader problem)
 * the pool is given up and charts are drawn here instead; an error while drawing one chart is
 * that chart's error (and is not cached: the next request tries again).
 */
async function draw(spec: VegaLiteSpec, size: ChartSize): Promise<DrawnChart> {
  const workers = chartPool();
  if (!workers) return drawHere(spec, size);
  try {
    const drawn = (await workers.run({ spec, size })) as DrawnChart;
    return { ...drawn, png: new Uint8Array(drawn.png) };
  } catch (error) {
    if (!isStartupFailure(error)) throw error;
    broken = true;
    void closeChartPool();
    return drawHere(spec, size);
  }
}

function isStartupFailure(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ERR_WORKER_INIT_FAILED' || code === 'ERR_WORKER_PATH' || code === 'ERR_UNKNOWN_FILE_EXTENSION' || code === 'ERR_MODULE_NOT_FOUND';
}

/** Stops the chart threads (the app's shutdown; tests). */
export async function closeChartPool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}
