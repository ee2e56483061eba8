import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Transaction } from 'kysely';
import type { Logger } from '../app/logger.js';
import { silentLogger } from '../app/logger.js';
import type { Database, Db } from '../db/database.js';
import {
  DEFAULT_BACKOFF, claimJobs, completeJob, failJob, handOffJob, renewLease, retryDelayMs, type Backoff, type Job,
} from './queue.js';

export interface JobContext {
  db: Db;
  now: () => Date;
  logger: Logger;
  workerId: string;
}

/**
 * Records a job's effect in the database, in the transaction that marks the job done (e.g.
 * reminders.delivered_at). If the worker lost its lease meanwhile, that transaction rolls back.
 */
export type JobFinish = (tx: Transaction<Database>) => Promise<void>;

export interface JobHandler<P = any> {
  kind: string;
  /**
   * Does the job's outside work (a DM) and returns what to record on success, or nothing.
   * Throwing retries with backoff; throwing PermanentJobError goes straight to dead.
   */
  run(job: Job<P>, ctx: JobContext): Promise<JobFinish | void>;
}

/** Something a worker does on a timer (enqueueing due reminders, pruning). Must be idempotent:
 * every instance of the bot runs it. */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run(db: Db, now: Date): Promise<unknown>;
}

/** A failure that retrying cannot fix (an unreadable payload): the job is dead at once. */
export class PermanentJobError extends Error {
  /** expected: a normal outcome (say, nobody to deliver to), logged at info rather than as an error. */
  constructor(message: string, readonly expected = false) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * This process cannot run the job, another one on the same database may (the user or channel is
 * on a platform a different bot serves): the job goes back to the queue after a short wait,
 * without using up an attempt, so single-platform bots sharing a database pass it along until
 * the right one takes it.
 */
export class HandOffJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandOffJobError';
  }
}

class LeaseLostError extends Error {}

export interface WorkerOptions {
  db: Db;
  handlers: JobHandler[];
  tasks?: PeriodicTask[];
  now?: () => Date;
  logger?: Logger;
  /** Distinct per process; defaults to host:pid:random. */
  workerId?: string;
  /** How long a claimed job is protected before another worker may take it over. */
  leaseMs?: number;
  /** Jobs claimed (and run concurrently) at a time. */
  batchSize?: number;
  backoff?: Backoff;
  /** For jitter; tests pass a fixed one. */
  random?: () => number;
  /** Wait before a handed-off job (HandOffJobError) may be claimed again; default 10 s. */
  handOffDelayMs?: number;
  /** A job no process could take for this long is dead; default 1 day. */
  maxHandOffMs?: number;
}

export interface RunStats {
  claimed: number;
  done: number;
  retried: number;
  /** Jobs given back for a process that can deliver them (HandOffJobError). */
  handedOff: number;
  dead: number;
  /** Jobs whose lease another worker took over before this one finished. */
  lost: number;
}

export interface Worker {
  readonly id: string;
  /** Runs every periodic task, then every job due now (including jobs those jobs enqueue). */
  runOnce(): Promise<RunStats>;
  /** Claims and runs at most one batch; no periodic tasks. */
  runBatch(): Promise<RunStats>;
  /** Polls every intervalMs: tasks when their period has passed, then all due jobs. */
  start(options?: { intervalMs?: number }): void;
  /** Stops polling and waits for the jobs in hand. */
  stop(): Promise<void>;
}

const emptyStats = (): RunStats => ({ claimed: 0, done: 0, retried: 0, handedOff: 0, dead: 0, lost: 0 });
const add = (a: RunStats, b: RunStats): RunStats => ({
  claimed: a.claimed + b.claimed, done: a.done + b.done, retried: a.retried + b.retried, handedOff: a.handedOff + b.handedOff,
  dead: a.dead + b.dead, lost: a.lost + b.lost,
});

export const defaultWorkerId = (): string => `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createWorker(options: WorkerOptions): Worker {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const workerId = options.workerId ?? defaultWorkerId();
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const handOffDelayMs = options.handOffDelayMs ?? 10_000;
  const maxHandOffMs = options.maxHandOffMs ?? 86_400_000;
  const tasks = options.tasks ?? [];
  const handlers = new Map(options.handlers.map((h) => [h.kind, h]));
  const kinds = [...handlers.keys()];
  const ctx: JobContext = { db, now, logger, workerId };
  const nextTaskRun = new Map<string, number>();

  async function runOne(job: Job): Promise<keyof Omit<RunStats, 'claimed'>> {
    const handler = handlers.get(job.kind)!;
    try {
      const finish = await handler.run(job, ctx);
      await db.transaction().execute(async (tx) => {
        if (!(await completeJob(tx, job, workerId, now()))) throw new LeaseLostError();
        if (finish) await finish(tx);
      });
      return 'done';
    } catch (error) {
      if (error instanceof LeaseLostError) {
        logger.warn({ job: job.id, kind: job.kind, workerId }, 'job lease lost before completion; another worker owns it now');
        return 'lost';
      }
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof HandOffJobError) {
        const at = now();
        const status = await handOffJob(db, job, workerId, message, at, new Date(at.getTime() + handOffDelayMs), maxHandOffMs);
        if (status === undefined) return 'lost';
        if (status === 'dead') logger.error({ job: job.id, kind: job.kind, err: message }, 'job dead: no process could deliver it');
        else logger.debug({ job: job.id, kind: job.kind, err: message }, 'job handed off to another process');
        return status === 'dead' ? 'dead' : 'handedOff';
      }
      const permanent = error instanceof PermanentJobError;
      const at = now();
      const status = await failJob(
        db, permanent ? { ...job, attempts: job.max_attempts } : job, workerId, message, at,
        new Date(at.getTime() + retryDelayMs(job.attempts, backoff, random)),
      );
      if (status === undefined) return 'lost';
      const level = status !== 'dead' ? logger.warn : permanent && error.expected ? logger.info : logger.error;
      level.call(logger, { job: job.id, kind: job.kind, attempt: job.attempts, err: message }, status === 'dead' ? 'job dead' : 'job failed; will retry');
      return status === 'dead' ? 'dead' : 'retried';
    }
  }

  async function runBatch(): Promise<RunStats> {
    const jobs = await claimJobs(db, { workerId, now: now(), leaseMs, limit: batchSize, kinds });
    const stats = emptyStats();
    if (jobs.length === 0) return stats;
    stats.claimed = jobs.length;
    const inHand = new Set(jobs.map((j) => j.id));
    // A slow side effect (a rate-limited API) must not look like a dead worker: renew the lease.
    const heartbeat = setInterval(() => {
      renewLease(db, [...inHand], workerId, new Date(now().getTime() + leaseMs)).catch((error) =>
        logger.warn({ err: String(error) }, 'lease renewal failed'),
      );
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      await Promise.all(
        jobs.map(async (job) => {
          const outcome = await runOne(job);
          inHand.delete(job.id);
          stats[outcome] += 1;
        }),
      );
    } finally {
      clearInterval(heartbeat);
    }
    return stats;
  }

  async function drain(): Promise<RunStats> {
    let total = emptyStats();
    for (;;) {
      const stats = await runBatch();
      total = add(total, stats);
      if (stats.claimed === 0 || stopping) return total;
    }
  }

  async function runTasks(force: boolean): Promise<void> {
    for (const task of tasks) {
      const at = now();
      if (!force && (nextTaskRun.get(task.name) ?? 0) > at.getTime()) continue;
      nextTaskRun.set(task.name, at.getTime() + task.everyMs);
      try {
        await task.run(db, at);
      } catch (error) {
        logger.error({ task: task.name, err: String(error) }, 'periodic task failed');
      }
    }
  }

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;

  return {
    id: workerId,
    async runOnce() {
      await runTasks(true);
      return drain();
    },
    runBatch,
    start({ intervalMs = 1000 } = {}) {
      if (timer || current) return;
      stopping = false;
      const tick = async () => {
        try {
          await runTasks(false);
          if (!stopping) await drain();
        } catch (error) {
          logger.error({ err: String(error), workerId }, 'job worker tick failed');
        }
      };
      const loop = () => {
        current = tick().finally(() => {
          current = undefined;
          if (!stopping) timer = setTimeout(loop, intervalMs);
        });
      };
      loop();
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
  };
}
