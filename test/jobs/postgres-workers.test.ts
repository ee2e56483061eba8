import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import type { Notifier } from '../../src/jobs/notifier.js';
import { claimJobs } from '../../src/jobs/queue.js';
import { REMINDER_DELIVER, scheduleDueReminders } from '../../src/jobs/reminders/deliver-reminder.js';
import { createAutomation } from '../../src/jobs/automation.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';
import { testClock } from './jobs-fixtures.js';

const WORKER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'worker-process.ts');

/** Counts every call per key: a second delivery of any key is a failure. */
function countingNotifier() {
  const counts = new Map<string, number>();
  const notifier: Notifier = {
    async deliver(_target, _reply, key) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      await new Promise((r) => setImmediate(r)); // let the other worker interleave
    },
  };
  return { notifier, counts };
}

async function addReminders(db: Db, count: number, dueAt: Date, users = 5): Promise<void> {
  const owners = await db
    .insertInto('users')
    .values(Array.from({ length: users }, (_, i) => ({ name: `User ${i + 1}`, time_zone: ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo'][i % 4]! })))
    .returning('id')
    .execute();
  const rows = Array.from({ length: count }, (_, i) => ({
    owner_id: owners[i % owners.length]!.id, text: `follow up ${i + 1}`, due_at: dueAt, due_has_time: true,
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('reminders').values(rows.slice(i, i + 1000)).execute();
}

interface WorkerProcess {
  child: ChildProcess;
  lines: Array<{ delivered?: string; hang?: string; ready?: number; at?: number }>;
  until(predicate: () => boolean, timeoutMs: number): Promise<void>;
  exited: Promise<number | null>;
}

function spawnWorker(url: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: { ...process.env, DB_URL: url, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: WorkerProcess['lines'] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      // not ours
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    async until(predicate, timeoutMs) {
      const start = Date.now();
      while (!predicate()) {
        if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

const delivered = (...workers: WorkerProcess[]) => workers.flatMap((w) => w.lines.flatMap((l) => (l.delivered ? [l.delivered] : [])));
const duplicates = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);

describe.skipIf(!postgresServerUrl())(
  'several workers on one Postgres (skipped on PGlite: it is one process with one connection, so there is nothing concurrent to race; set TEST_DATABASE_URL)',
  () => {
    const t = useTestDatabase();
    const urlOf = () => (t.handle.target as { url: string }).url;

    it('two workers with their own connection pools deliver each of 600 due reminders exactly once', async () => {
      const clock = testClock('2026-11-18T15:00:00Z');
      await addReminders(t.db, 600, new Date('2026-11-18T14:59:00Z'));
      const second = await openDatabase({ kind: 'postgres', url: urlOf() });
      try {
        const { notifier, counts } = countingNotifier();
        const a = createAutomation({ db: t.db, notifier, now: clock.now, workerId: 'a', batchSize: 25 });
        const b = createAutomation({ db: second.db, notifier, now: clock.now, workerId: 'b', batchSize: 25 });
        // Both run the scheduler and drain the queue at the same time, twice over.
        const stats = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
        expect(counts.size).toBe(600);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        expect(stats[0]!.done + stats[2]!.done).toBeGreaterThan(0);
        expect(stats[1]!.done + stats[3]!.done).toBeGreaterThan(0);
        const jobs = await t.db.selectFrom('jobs').select(['status', 'attempts']).where('kind', '=', REMINDER_DELIVER).execute();
        expect(jobs).toHaveLength(600);
        expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
        const undelivered = await t.db.selectFrom('reminders').select('id').where('delivered_at', 'is', null).execute();
        expect(undelivered).toEqual([]);
      } finally {
        await second.close();
      }
    });

    it('a job claimed by a worker that died is taken over on another connection after the lease, once', async () => {
      const clock = testClock('2026-11-18T15:00:00Z');
      await addReminders(t.db, 30, new Date('2026-11-18T15:00:00Z'), 1);
      await scheduleDueReminders(t.db, clock.now());
      const doomed = await openDatabase({ kind: 'postgres', url: urlOf() });
      const claimed = await claimJobs(doomed.db, { workerId: 'doomed', now: clock.now(), leaseMs: 30_000, limit: 10, kinds: [REMINDER_DELIVER] });
      await doomed.close(); // the process is gone: no completion, no renewal
      expect(claimed).toHaveLength(10);
      const { notifier, counts } = countingNotifier();
      const survivor = createAutomation({ db: t.db, notifier, now: clock.now, workerId: 'survivor' });
      await survivor.runOnce();
      expect(counts.size).toBe(20);
      clock.advance(30_000);
      await survivor.runOnce();
      expect(counts.size).toBe(30);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const retaken = await t.db.selectFrom('jobs').select(['attempts', 'status']).where('id', 'in', claimed.map((j) => j.id)).execute();
      expect(retaken.every((j) => j.attempts === 2 && j.status === 'done')).toBe(true);
    });

    it('two worker processes deliver 400 reminders exactly once between them', async () => {
      await addReminders(t.db, 400, new Date(Date.now() - 1000));
      const a = spawnWorker(urlOf(), { MODE: 'deliver', POLL_MS: '50', BATCH: '10' });
      const b = spawnWorker(urlOf(), { MODE: 'deliver', POLL_MS: '50', BATCH: '10' });
      try {
        await a.until(() => new Set(delivered(a, b)).size >= 400, 40_000);
        await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up
        const keys = delivered(a, b);
        expect(duplicates(keys)).toEqual([]);
        expect(keys).toHaveLength(400);
        console.log(`two processes: A delivered ${delivered(a).length}, B delivered ${delivered(b).length}`);
        expect(delivered(a).length).toBeGreaterThan(0);
        expect(delivered(b).length).toBeGreaterThan(0);
      } finally {
        a.child.kill('SIGTERM');
        b.child.kill('SIGTERM');
        await Promise.all([a.exited, b.exited]);
      }
      const undelivered = await t.db.selectFrom('reminders').select('id').where('delivered_at', 'is', null).execute();
      expect(undelivered).toEqual([]);
    }, 60_000);

    it('a worker process killed mid-delivery (SIGKILL) loses nothing: its jobs are redelivered by the other after the lease, once', async () => {
      await addReminders(t.db, 100, new Date(Date.now() - 1000));
      const stuck = spawnWorker(urlOf(), { MODE: 'hang', POLL_MS: '50', BATCH: '10', LEASE_MS: '1500' });
      // Its first batch may also hold summary jobs that finish: wait for the reminders it is stuck on.
      await stuck.until(() => stuck.lines.some((l) => l.hang), 30_000);
      await new Promise((r) => setTimeout(r, 300));
      const hung = stuck.lines.flatMap((l) => (l.hang ? [l.hang] : []));
      stuck.child.kill('SIGKILL');
      const killedAt = Date.now();
      await stuck.exited;
      const survivor = spawnWorker(urlOf(), { MODE: 'deliver', POLL_MS: '50', BATCH: '10', LEASE_MS: '1500' });
      try {
        await survivor.until(() => new Set(delivered(survivor)).size >= 100, 40_000);
        await new Promise((r) => setTimeout(r, 500));
        const keys = delivered(survivor);
        expect(duplicates(keys)).toEqual([]);
        expect(keys).toHaveLength(100);
        expect(hung.length).toBeGreaterThan(0);
        expect(keys).toEqual(expect.arrayContaining(hung));
        const retakenAt = Math.max(...survivor.lines.filter((l) => l.delivered && hung.includes(l.delivered)).map((l) => l.at!));
        console.log(`killed worker: its ${hung.length} jobs were redelivered ${retakenAt - killedAt} ms after the SIGKILL (lease 1500 ms)`);
      } finally {
        survivor.child.kill('SIGTERM');
        await survivor.exited;
      }
      const jobs = await t.db.selectFrom('jobs').select(['idempotency_key', 'attempts', 'status']).where('kind', '=', REMINDER_DELIVER).execute();
      expect(jobs.every((j) => j.status === 'done')).toBe(true);
      expect(jobs.filter((j) => j.attempts === 2).map((j) => j.idempotency_key).sort()).toEqual([...hung].sort());
    }, 60_000);
  },
);
