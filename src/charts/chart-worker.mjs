// The chart worker's entry (a piscina task). Plain JavaScript on purpose: see ../import-ts.mjs.
import { threadId } from 'node:worker_threads';
import { importTs } from '../import-ts.mjs';

let renderer;

/** { spec, size } → { png, width, height, ms, thread }; the pixels stay here (only tests read them). */
export default async function renderInWorker({ spec, size }) {
  renderer ??= importTs('./render-chart.ts', import.meta.url);
  const { renderChartImage } = await renderer;
  const { png, width, height, ms } = await renderChartImage(spec, size);
  return { png, width, height, ms, thread: threadId };
}
