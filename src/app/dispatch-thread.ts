import fs from 'node:fs';
import os from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { openDatabase, type DatabaseTarget } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { createUnderstanding } from '../intents/llm/understand.js';
import { llmFromEnv } from '../intents/llm/llm-parser.js';
import { faultReply } from '../handlers/common/replies.js';
import { reply, text, type Block, type Reply } from '../reply/reply.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import type { Envelope } from './envelope.js';
import { createLogger, type Logger } from './logger.js';
import { installZoneOffsetCache } from './zone-offsets.js';

/**
 * The dispatcher on a thread of its own. The thread that accepts Slack's and Discord's HTTP
 * requests must acknowledge each within 3 s, and the load test wants it within 100 ms; when the
 * same event loop also parses, queries and formats every message, an ack waits behind all the
 * messages already running, and at 200 requests/s on two cores those waits reached seconds
 * (bench/load/README.md). Here the main thread keeps the receivers, the acks, the queue
 * (queueDispatches) and the delivery of replies; this thread runs `createDispatcher` with its own
 * connection pool, at a lower scheduling priority (RAPPORT_DISPATCH_NICE, default 5, Linux): when
 * the cores are busy, the main thread is scheduled first and an ack does not wait for a core.
 * Envelopes and replies cross as plain data; a chart still being drawn crosses as a number, and
 * its PNG follows in a message of its own.
 *
 * Postgres only: the embedded database lives inside the thread that opened it.
 */

/** The dispatcher every bot runs, here or on the dispatch thread: the parser, the LLM when configured. */
export function createAppDispatcher(db: Kysely<Database>, env: NodeJS.ProcessEnv, logger: Logger, now?: () => Date): Dispatcher {
  const understanding = createUnderstanding({ llm: llmFromEnv(env), logger });
  return createDispatcher({ db, logger, understanding, now });
}

/** RAPPORT_DISPATCH_NICE: the dispatch thread's nice value, 0–19 (default 5; 0 leaves it as the main thread's). */
export function dispatchThreadNice(env: NodeJS.ProcessEnv): number {
  const value = env.RAPPORT_DISPATCH_NICE?.trim();
  const n = Number(value);
  return value && Number.isInteger(n) && n >= 0 && n <= 19 ? n : 5;
}

/**
 * Lowers the calling thread's priority. On Linux setpriority() given a thread id changes that
 * thread alone; /proc/thread-self names it. Elsewhere, or when refused, the thread runs as it is.
 */
function lowerThreadPriority(nice: number, logger: Logger): void {
  if (nice === 0 || process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, Math.max(os.getPriority(tid), nice));
  } catch (error) {
    logger.warn({ err: error }, 'could not lower the dispatch thread’s priority; it runs at the main thread’s');
  }
}

/** RAPPORT_DISPATCH_THREAD=off keeps the dispatcher on the main thread (on by default, Postgres only). */
export const dispatchThreadEnabled = (env: NodeJS.ProcessEnv): boolean => !/^(off|0|false|no)$/i.test(env.RAPPORT_DISPATCH_THREAD?.trim() ?? '');

type ImageBlock = Extract<Block, { type: 'image' }>;
/** An image block as it crosses: `chart` stands for a drawing whose PNG follows. */
type WireBlock = Exclude<Block, ImageBlock> | (Omit<ImageBlock, 'drawing'> & { chart?: number });
interface WireReply extends Omit<Reply, 'blocks'> {
  blocks: WireBlock[];
}

type ToThread = { type: 'dispatch'; id: number; envelope: Envelope } | { type: 'close' };
type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; reply: WireReply | null }
  | { type: 'chart'; chart: number; png: Uint8Array | undefined };

interface ThreadData {
  target: DatabaseTarget;
}

/**
 * When a message was handed to the thread and the thread died before answering, its
 * transaction may or may not have committed: the reply says so rather than "nothing was changed".
 */
export const LOST_MESSAGE = 'I lost track of this request while working on it, so I cannot tell whether it was saved. Please check before trying again.';

export interface ThreadDispatcher extends Dispatcher {
  /** Times the thread was started again after it died. */
  readonly restarts: number;
  /** Lets the messages already on the thread finish, closes its pool and ends it. */
  close(): Promise<void>;
  /** Ends the thread at once, as a crash would (tests). */
  kill(): Promise<void>;
}

interface Running {
  worker: Worker;
  replies: Map<number, (reply: Reply | null) => void>;
  charts: Map<number, (png: Uint8Array | undefined) => void>;
  exited: Promise<void>;
}

/** Starts the dispatch thread on `target` (Postgres) and resolves once it is ready. */
export async function startDispatchThread(options: { target: DatabaseTarget; env: NodeJS.ProcessEnv; logger: Logger }): Promise<ThreadDispatcher> {
  if (options.target.kind !== 'postgres') throw new Error('the dispatch thread needs Postgres: the embedded database belongs to the thread that opened it');
  const { logger } = options;
  let running: Promise<Running> | undefined;
  let started = 0;
  let nextId = 0;
  let closing = false;

  function start(): Promise<Running> {
    started += 1;
    const worker = new Worker(new URL('./dispatch-thread.mjs', import.meta.url), {
      env: options.env,
      workerData: { target: options.target } satisfies ThreadData,
    });
    const state: Running = { worker, replies: new Map(), charts: new Map(), exited: new Promise((resolve) => worker.once('exit', () => resolve())) };
    const starting = new Promise<Running>((resolve, reject) => {
      worker.on('message', (message: FromThread) => {
        switch (message.type) {
          case 'ready':
            resolve(state);
            break;
          case 'failed':
            reject(new Error(`the dispatch thread could not start: ${message.message}`));
            // Its exit clears `running`, so the next message tries again.
            void worker.terminate();
            break;
          case 'reply':
            state.replies.get(message.id)?.(message.reply && fromWire(message.reply, state));
            state.replies.delete(message.id);
            break;
          case 'chart':
            state.charts.get(message.chart)?.(message.png);
            state.charts.delete(message.chart);
            break;
        }
      });
      worker.on('error', (error) => {
        logger.error({ err: error }, 'the dispatch thread failed');
        reject(error);
      });
      worker.once('exit', (code) => {
        reject(new Error(`the dispatch thread stopped while starting (exit code ${code})`));
        if (!closing) logger.error({ code, lost: state.replies.size }, 'the dispatch thread stopped; it starts again with the next message');
        for (const answer of state.replies.values()) answer(reply(text(LOST_MESSAGE, 'error')));
        for (const draw of state.charts.values()) draw(undefined);
        // The next message starts a new thread.
        if (running === starting) running = undefined;
      });
    });
    return starting;
  }

  function ensure(): Promise<Running> {
    // A thread that dies clears `running` as it exits (one that cannot start, too): the next message starts another.
    running ??= start();
    return running;
  }

  function fromWire(wire: WireReply, state: Running): Reply {
    const blocks = wire.blocks.map((block): Block => {
      if (block.type !== 'image' || block.chart === undefined) return block as Block;
      const { chart, ...rest } = block;
      return { ...rest, drawing: new Promise<Uint8Array | undefined>((resolve) => state.charts.set(chart, resolve)) };
    });
    return { ...wire, blocks };
  }

  await ensure();

  return {
    async dispatch(envelope) {
      if (closing) return faultReply(new Error('the bot is stopping'));
      let state: Running;
      try {
        state = await ensure();
      } catch (error) {
        logger.error({ err: error }, 'no dispatch thread');
        return faultReply(error);
      }
      const id = (nextId += 1);
      const answered = new Promise<Reply | null>((resolve) => state.replies.set(id, resolve));
      try {
        state.worker.postMessage({ type: 'dispatch', id, envelope } satisfies ToThread);
      } catch (error) {
        // An envelope that cannot be copied to the thread (a bug, not user input): nothing ran.
        state.replies.delete(id);
        logger.error({ err: error }, 'could not hand the message to the dispatch thread');
        return faultReply(error);
      }
      return answered;
    },
    get restarts() {
      return Math.max(0, started - 1);
    },
    async close() {
      closing = true;
      const state = await running?.catch(() => undefined);
      if (!state) return;
      state.worker.postMessage({ type: 'close' } satisfies ToThread);
      const timer = setTimeout(() => void state.worker.terminate(), 15_000);
      await state.exited;
      clearTimeout(timer);
    },
    async kill() {
      const state = await running?.catch(() => undefined);
      if (!state) return;
      await state.worker.terminate();
      await state.exited;
    },
  };
}

/** The thread's side: opens its pool, then answers every envelope the main thread sends. */
export async function serveDispatches(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveDispatches runs on the dispatch thread');
  const post = (message: FromThread) => port.postMessage(message);
  installZoneOffsetCache();
  const logger = createLogger();
  lowerThreadPriority(dispatchThreadNice(process.env), logger);
  const { target } = workerData as ThreadData;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(target);
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const dispatcher = createAppDispatcher(database.db, process.env, logger);
  const running = new Set<Promise<void>>();
  let nextChart = 0;

  function toWire(r: Reply): WireReply {
    const blocks = r.blocks.map((block): WireBlock => {
      if (block.type !== 'image' || !block.drawing) return block;
      const { drawing, ...rest } = block;
      const chart = (nextChart += 1);
      // `drawing` never rejects; the PNG is posted after the reply (a port keeps its order).
      void drawing.then((png) => post({ type: 'chart', chart, png }));
      return { ...rest, chart };
    });
    return { ...r, blocks };
  }

  port.on('message', (message: ToThread) => {
    if (message.type === 'close') {
      void Promise.allSettled(running)
        .then(() => database.close())
        .finally(() => port.close());
      return;
    }
    // The dispatcher answers its own errors; these catches are the last resort (a bug, or a reply
    // that cannot be copied to the main thread), so that every message gets an answer.
    const task = dispatcher.dispatch(message.envelope)
      .catch((error: unknown) => {
        logger.error({ err: error }, 'dispatch failed on the dispatch thread');
        return faultReply(error);
      })
      .then((r) => {
        try {
          post({ type: 'reply', id: message.id, reply: r && toWire(r) });
        } catch (error) {
          logger.error({ err: error }, 'could not send a reply back from the dispatch thread');
          post({ type: 'reply', id: message.id, reply: toWire(faultReply(error)) });
        }
      });
    running.add(task);
    void task.finally(() => running.delete(task));
  });
  post({ type: 'ready' });
}
