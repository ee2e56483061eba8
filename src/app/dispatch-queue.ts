import os from 'node:os';
import pLimit from 'p-limit';
import { privateReply, text, type Reply } from '../reply/reply.js';
import type { Dispatcher } from './dispatcher.js';
import type { Envelope } from './envelope.js';
import type { Logger } from './logger.js';

/**
 * A bounded queue in front of the dispatcher. Adapters acknowledge an event at once and then
 * dispatch it; without a bound, a burst beyond what the database can serve would wait inside the
 * connection pool, where a query that cannot get a connection within its timeout fails (a fault
 * reply, and the event's idempotency mark rolled back with it). Here at most `concurrency`
 * messages run at a time and the rest wait in memory, in arrival order. When `maxWaiting` are
 * already waiting, the new message is turned away with a reply that says nothing was done, so
 * memory stays bounded and the user knows to ask again; nothing is written for it, and a platform
 * retry of that event is answered normally later. A redelivery of an event that is still waiting
 * or running here gets no reply (the dispatcher's event mark covers the other cases).
 */
export interface DispatchQueueOptions {
  /** Messages dispatched at once (each holds one or two pooled connections, a customer card's reads briefly up to nine). */
  concurrency: number;
  /** Messages allowed to wait; one more is turned away. */
  maxWaiting: number;
  logger?: Logger;
}

export interface QueuedDispatcher extends Dispatcher {
  /** Running now, and waiting for a turn. */
  readonly active: number;
  readonly waiting: number;
  /** Turned away since start because the queue was full. */
  readonly turnedAway: number;
}

export const BUSY_MESSAGE = 'I’m answering a lot of requests right now and could not take this one, so nothing was changed. Please try again in a minute.';

export function queueDispatches(inner: Dispatcher, options: DispatchQueueOptions): QueuedDispatcher {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency)));
  const maxWaiting = Math.max(0, Math.floor(options.maxWaiting));
  let turnedAway = 0;
  let warnedAt = 0;

  function busy(envelope: Envelope): Reply {
    turnedAway += 1;
    // One warning a minute at most: an overload is one event for whoever runs the bot, not thousands.
    if (Date.now() - warnedAt > 60_000) {
      warnedAt = Date.now();
      options.logger?.warn({ waiting: limit.pendingCount, active: limit.activeCount, turnedAway, platform: envelope.platform }, 'dispatch queue full: turning messages away');
    }
    return privateReply(text(BUSY_MESSAGE, 'warning'));
  }

  // Events queued or running here, by platform and event id: a platform's redelivery of one
  // of them (Slack retries an event it thinks was missed) is the same message, answered once.
  const inFlight = new Set<string>();

  return {
    async dispatch(envelope) {
      const id = envelope.eventId === undefined ? undefined : `${envelope.platform}:${envelope.eventId}`;
      if (id !== undefined && inFlight.has(id)) return null;
      // A turn is free: no need to wait. Otherwise wait, if there is room to.
      if (limit.activeCount >= limit.concurrency && limit.pendingCount >= maxWaiting) return busy(envelope);
      if (id !== undefined) inFlight.add(id);
      try {
        return await limit(() => inner.dispatch(envelope));
      } finally {
        if (id !== undefined) inFlight.delete(id);
      }
    },
    get active() {
      return limit.activeCount;
    },
    get waiting() {
      return limit.pendingCount;
    },
    get turnedAway() {
      return turnedAway;
    },
  };
}

/**
 * RAPPORT_DISPATCH_CONCURRENCY and RAPPORT_DISPATCH_QUEUE (messages allowed to wait, default 2000).
 * Concurrency defaults to two messages per CPU core, at most the Postgres pool size
 * (DATABASE_POOL_SIZE or 10); 4 on the embedded database, which runs one statement at a time.
 * Not the whole pool: with Postgres on the same machine, ten busy backends take the cores from
 * the bot's one event loop, and the acks wait (bench/load/README.md has the runs). With the
 * database elsewhere and cores to spare, set it to the pool size.
 */
export function dispatchQueueOptionsFromEnv(
  env: NodeJS.ProcessEnv, embedded: boolean, cpus: number = os.availableParallelism(),
): Omit<DispatchQueueOptions, 'logger'> {
  const positive = (value: string | undefined, fallback: number): number => {
    const n = Number(value);
    return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const pool = positive(env.DATABASE_POOL_SIZE, 10);
  return {
    concurrency: positive(env.RAPPORT_DISPATCH_CONCURRENCY, embedded ? 4 : Math.min(pool, Math.max(2, 2 * cpus))),
    maxWaiting: positive(env.RAPPORT_DISPATCH_QUEUE, 2000),
  };
}
