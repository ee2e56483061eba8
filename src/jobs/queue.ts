import { sql, type UpdateObject } from 'kysely';
import type { Database, DbOrTx } from '../db/database.js';
import type { JobRow } from './job.table.js';

// The durable queue on Postgres (and PGlite in one process). See src/jobs/README.md for the
// delivery guarantee: at-least-once, with the idempotency key handed to every side effect.

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface NewJob<P = unknown> {
  kind: string;
  payload: P;
  /** When the job becomes due; defaults to the caller's now (pass it: the queue has no clock). */
  runAt: Date;
  /**
   * Unique across the whole table, done and dead rows included: enqueuing the same key again does
   * nothing, which is what makes a scheduler that runs every minute (on every instance) safe.
   */
  idempotencyKey?: string;
  maxAttempts?: number;
}

export interface Job<P = unknown> extends Omit<JobRow, 'payload'> {
  payload: P;
}

const row = (job: NewJob) => ({
  kind: job.kind,
  payload: JSON.stringify(job.payload ?? {}),
  run_at: job.runAt,
  idempotency_key: job.idempotencyKey ?? null,
  ...(job.maxAttempts !== undefined ? { max_attempts: job.maxAttempts } : {}),
});

/** Adds a job; returns it, or undefined when a job with the same idempotency key already exists. */
export async function enqueue<P>(db: DbOrTx, job: NewJob<P>): Promise<Job<P> | undefined> {
  const inserted = await db
    .insertInto('jobs')
    .values(row(job))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted as Job<P> | undefined;
}

/** Adds many jobs in batches; returns how many were new (the rest already had their key). */
export async function enqueueMany(db: DbOrTx, jobs: NewJob[], batchSize = 500): Promise<number> {
  let added = 0;
  for (let i = 0; i < jobs.length; i += batchSize) {
    const chunk = jobs.slice(i, i + batchSize);
    // Postgres refuses one statement that inserts the same conflicting key twice: keep the first.
    const seen = new Set<string>();
    const unique = chunk.filter((j) => !j.idempotencyKey || (!seen.has(j.idempotencyKey) && seen.add(j.idempotencyKey)));
    const inserted = await db
      .insertInto('jobs')
      .values(unique.map(row))
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return added;
}

export interface ClaimOptions {
  workerId: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Only these kinds: a worker never takes a job it has no handler for (rolling upgrades). */
  kinds: readonly string[];
}

/**
 * Takes up to `limit` due jobs: queued ones whose run_at has come, and running ones whose lease
 * expired (their worker died mid-job). SKIP LOCKED lets concurrent workers take disjoint rows;
 * the claim commits at once, so the lease, not a held lock, protects the job while it runs.
 * Every claim counts as an attempt, so a job that kills its worker every time ends up dead.
 */
export async function claimJobs(db: DbOrTx, options: ClaimOptions): Promise<Job[]> {
  if (options.kinds.length === 0 || options.limit <= 0) return [];
  const { now } = options;
  const kinds = sql.join(options.kinds.map((k) => sql`${k}`));
  // A lease that expired on the last allowed attempt: that job crashed its worker every time.
  await sql`
    update jobs set status = 'dead', finished_at = ${now}, locked_by = null, locked_until = null,
      last_error = coalesce(last_error || ' · ', '') || 'lease expired on attempt ' || attempts || ' (worker ' || locked_by || ' stopped mid-job)'
    where status = 'running' and locked_until <= ${now} and attempts >= max_attempts and kind in (${kinds})`.execute(db);
  const lockedUntil = new Date(now.getTime() + options.leaseMs);
  // The locking select sits in a CTE so that it runs exactly once per statement.
  const claimed = await sql<JobRow>`
    with next as (
      select id from jobs
      where kind in (${kinds})
        and ((status = 'queued' and run_at <= ${now}) or (status = 'running' and locked_until <= ${now}))
      order by run_at, id
      limit ${options.limit}
      for update skip locked
    )
    update jobs set status = 'running', locked_by = ${options.workerId}, locked_until = ${lockedUntil}, attempts = jobs.attempts + 1
    from next where jobs.id = next.id
    returning jobs.*`.execute(db);
  return (claimed.rows as Job[]).sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.id - b.id);
}

/**
 * Marks a claimed job done, only while this worker still holds it: false means the lease was
 * lost (another worker took the job over), and the caller must roll back what it recorded.
 */
export async function completeJob(db: DbOrTx, job: Pick<Job, 'id'>, workerId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface Backoff {
  /** Delay after the first failure. */
  baseMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 15_000, maxMs: 3_600_000 };

/**
 * Exponential backoff with "equal jitter": after attempt n the delay is between half and all of
 * min(max, base·2^(n−1)), so retries of a burst spread out instead of hitting a sick API together.
 */
export function retryDelayMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Records a failed attempt: back to queued at a later run_at, or dead when attempts are used up.
 * Returns the new status, or undefined when this worker no longer held the job.
 */
export async function failJob(
  db: DbOrTx,
  job: Pick<Job, 'id' | 'attempts' | 'max_attempts'>,
  workerId: string,
  error: string,
  now: Date,
  retryAt: Date,
): Promise<'queued' | 'dead' | undefined> {
  return release(db, job.id, workerId, { dead: job.attempts >= job.max_attempts, error, now, retryAt });
}

/**
 * Gives a claimed job back for another process, without using up the attempt the claim counted:
 * this one cannot deliver it (the user or channel is on a platform another bot on the database
 * serves). Queued again at `retryAt`, unless nobody has taken it for `maxWaitMs` since the first
 * hand-off: then dead, with `error` saying why. Returns the new status, or undefined when this
 * worker no longer held the job.
 */
export async function handOffJob(
  db: DbOrTx,
  job: Pick<Job, 'id' | 'waiting_since'>,
  workerId: string,
  error: string,
  now: Date,
  retryAt: Date,
  maxWaitMs: number,
): Promise<'queued' | 'dead' | undefined> {
  const since = job.waiting_since ?? now;
  const dead = now.getTime() - since.getTime() >= maxWaitMs;
  return release(db, job.id, workerId, {
    dead, now, retryAt,
    error: dead ? `no process took it for ${Math.round(maxWaitMs / 60_000)} min: ${error}` : error,
    also: { attempts: sql`greatest(attempts - 1, 0)`, waiting_since: since },
  });
}

/** Ends this worker's claim: queued again at retryAt, or dead; only while it still holds the job. */
async function release(
  db: DbOrTx,
  jobId: number,
  workerId: string,
  to: { dead: boolean; error: string; now: Date; retryAt: Date; also?: UpdateObject<Database, 'jobs'> },
): Promise<'queued' | 'dead' | undefined> {
  const result = await db
    .updateTable('jobs')
    .set({
      ...to.also,
      status: to.dead ? 'dead' : 'queued',
      run_at: to.dead ? sql`run_at` : to.retryAt,
      last_error: to.error.slice(0, 2000),
      locked_by: null,
      locked_until: null,
      finished_at: to.dead ? to.now : null,
    })
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return to.dead ? 'dead' : 'queued';
}

/** Pushes a running job's lease forward (a slow side effect must not look like a dead worker). */
export async function renewLease(db: DbOrTx, jobIds: number[], workerId: string, lockedUntil: Date): Promise<number> {
  if (jobIds.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil })
    .where('id', 'in', jobIds)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes finished jobs older than `before`. Keys of deleted jobs can be enqueued again. */
export async function pruneJobs(db: DbOrTx, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'dead'])
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface QueueCounts {
  queued: number;
  running: number;
  done: number;
  dead: number;
}

export async function queueCounts(db: DbOrTx): Promise<QueueCounts> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: QueueCounts = { queued: 0, running: 0, done: 0, dead: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
