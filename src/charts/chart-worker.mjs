// The chart worker's entry (a piscina task). Plain JavaScript on purpose: a worker thread does
// not always inherit the TypeScript loader of the thread that starts it (under tsx it does,
// under a test runner it may not), so this file loads the TypeScript renderer through tsx's
// tsImport when a plain import cannot read .ts.
import { threadId } from 'node:worker_threads';

let renderer;

async function loadRenderer() {
  try {
    return await import('./render-chart.ts');
  } catch (error) {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport('./render-chart.ts', import.meta.url);
  }
}

/** { spec, size } → { png, width, height, ms, thread }; the pixels stay here (only tests read them). */
export default async function renderInWorker({ spec, size }) {
  renderer ??= loadRenderer();
  const { renderChartImage } = await renderer;
  const { png, width, height, ms } = await renderChartImage(spec, size);
  return { png, width, height, ms, thread: threadId };
}
