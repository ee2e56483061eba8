import { createLogger, type Logger } from '../app/logger.js';
import type { Block, Reply } from '../reply/reply.js';
import { drawChart } from './chart-pool.js';
import type { ChartRequest } from './chart-request.js';

/**
 * Turns a view's chart request into an image block. A chart is a nice-to-have on top of the
 * table: if drawing fails (font missing, a vega bug on odd data) the report is still answered,
 * without the picture, and the failure is logged for whoever runs the bot.
 */

let logger: Logger | undefined;
const log = (): Logger => (logger ??= createLogger());

/** Lets the app (or a test) route chart logs; by default they go to stderr at LOG_LEVEL. */
export function setChartLogger(next: Logger): void {
  logger = next;
}

/** RAPPORT_CHARTS=off turns charts off everywhere (e.g. a bot on a machine without fonts). */
export const chartsEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => !/^(off|0|false|no)$/i.test(env.RAPPORT_CHARTS ?? '');

export type ImageBlock = Extract<Block, { type: 'image' }>;

/** The chart's PNG; undefined when charts are off or it could not be drawn (logged). Never rejects. */
export async function chartPng(request: ChartRequest): Promise<Uint8Array | undefined> {
  if (!chartsEnabled()) return undefined;
  try {
    // Drawn on the chart thread; vega, vega-lite and resvg load with the first chart, not when the bot starts.
    const image = await drawChart(request.spec);
    log().debug({ chart: request.title, ms: Math.round(image.ms), bytes: image.png.byteLength }, 'chart rendered');
    return image.png;
  } catch (error) {
    log().warn({ chart: request.title, err: error }, 'chart rendering failed; the report is sent without it');
    return undefined;
  }
}

/**
 * The reply with the chart right after the headline (the first text block), where a reader
 * in a channel looks first; the exact figures follow in the tables. The chart is being drawn
 * when this returns (its block carries `drawing`): the dispatcher waits for it with
 * `settleCharts`, unless the adapter posts the message first and the chart when it is ready.
 */
export function withChart(r: Reply, request: ChartRequest | undefined, enabled = true): Reply {
  if (!enabled || !request || !chartsEnabled()) return r;
  const image: ImageBlock = { type: 'image', alt: request.alt, title: request.title, drawing: chartPng(request) };
  const headline = r.blocks.findIndex((b) => b.type === 'text');
  const at = headline >= 0 ? headline + 1 : Math.min(1, r.blocks.length);
  return { ...r, blocks: [...r.blocks.slice(0, at), image, ...r.blocks.slice(at)] };
}

/**
 * The reply with every chart drawn: each `drawing` becomes `png`, and a chart that could not be
 * drawn is left out (the report is answered without it). A reply with nothing drawing is
 * returned as it is.
 */
export async function settleCharts(r: Reply): Promise<Reply> {
  if (!chartsDrawing(r)) return r;
  const blocks = await Promise.all(
    r.blocks.map(async (b): Promise<Block | undefined> => {
      if (b.type !== 'image' || !b.drawing) return b;
      const { drawing, ...rest } = b;
      const png = await drawing;
      return png ? { ...rest, png } : undefined;
    }),
  );
  return { ...r, blocks: blocks.filter((b): b is Block => b !== undefined) };
}

/** Whether a chart of the reply is still being drawn. */
export const chartsDrawing = (r: Reply): boolean => r.blocks.some((b) => b.type === 'image' && b.drawing !== undefined);
