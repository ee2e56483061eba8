// The dispatch thread's entry. Plain JavaScript on purpose: see ../import-ts.mjs.
import { importTs } from '../import-ts.mjs';

const { serveDispatches } = await importTs('./dispatch-thread.ts', import.meta.url);
await serveDispatches();
