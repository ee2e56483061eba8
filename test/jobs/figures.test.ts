// Figures for the closing note: queue throughput and reminder delivery latency. They print
// numbers and only assert that the work got done (timings depend on the machine).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { startAutomation } from '../../src/jobs/automation.js';
import { noopNotifier, type Notifier } from '../../src/jobs/notifier.js';
import { enqueueMany } from '../../src/jobs/queue.js';
import { reminderDeliveryHandler, scheduleDueReminders } from '../../src/jobs/reminders/deliver-reminder.js';
import { createWorker, type Worker } from '../../src/jobs/worker.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';

const t = useTestDatabase();
const onPostgres = Boolean(postgresServerUrl());
const driver = onPostgres ? 'Postgres' : 'PGlite';
const report = (line: string) => console.log(`[jobs figures · ${driver}] ${line}`);

async function addDueReminders(db: Db, count: number, dueAt: Date): Promise<void> {
  const owners = await db.insertInto('users').values([{ name: 'Ann' }, { name: 'Bob' }, { name: 'Cy' }]).returning('id').execute();
  const rows = Array.from({ length: count }, (_, i) => ({ owner_id: owners[i % 3]!.id, text: `follow up ${i}`, due_at: dueAt, due_has_time: true }));
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('reminders').values(rows.slice(i, i + 1000)).execute();
}

/** Runs the workers until nothing is due; returns jobs per second. */
async function drain(workers: Worker[], jobs: number): Promise<number> {
  const start = performance.now();
  const stats = await Promise.all(workers.map((w) => w.runOnce()));
  const seconds = (performance.now() - start) / 1000;
  expect(stats.reduce((sum, s) => sum + s.done, 0)).toBe(jobs);
  return jobs / seconds;
}

describe('throughput', () => {
  const now = new Date('2026-11-18T15:00:00Z');
  const N = onPostgres ? 4000 : 2000;

  it(`reminder deliveries per second with a no-op notifier (1 worker${onPostgres ? ', then 2 workers on separate pools' : ''})`, async () => {
    const extra = onPostgres ? await openDatabase({ kind: 'postgres', url: (t.handle.target as { url: string }).url }) : undefined;
    try {
      const workerOn = (db: Db, id: string) =>
        createWorker({ db, now: () => now, workerId: id, batchSize: 50, handlers: [reminderDeliveryHandler({ notifier: noopNotifier })] });

      await addDueReminders(t.db, N, new Date(now.getTime() - 60_000));
      let start = performance.now();
      await scheduleDueReminders(t.db, now);
      report(`scheduling ${N} due reminders: ${Math.round(N / ((performance.now() - start) / 1000))} jobs/s enqueued`);
      report(`1 worker: ${Math.round(await drain([workerOn(t.db, 'one')], N))} reminder deliveries/s (batch 50)`);

      if (extra) {
        await t.handle.truncate();
        await addDueReminders(t.db, N, new Date(now.getTime() - 60_000));
        await scheduleDueReminders(t.db, now);
        report(`2 workers: ${Math.round(await drain([workerOn(t.db, 'a'), workerOn(extra.db, 'b')], N))} reminder deliveries/s (batch 50)`);

        // The bare queue: claim, no-op handler, complete.
        await t.handle.truncate();
        start = performance.now();
        await enqueueMany(t.db, Array.from({ length: N }, (_, i) => ({ kind: 'noop', payload: { i }, runAt: now, idempotencyKey: `noop:${i}` })));
        report(`enqueue: ${Math.round(N / ((performance.now() - start) / 1000))} jobs/s (batches of 500)`);
        const bare = (db: Db, id: string) => createWorker({ db, now: () => now, workerId: id, batchSize: 50, handlers: [{ kind: 'noop', run: async () => {} }] });
        report(`2 workers, bare no-op jobs: ${Math.round(await drain([bare(t.db, 'a'), bare(extra.db, 'b')], N))} jobs/s`);
      }
    } finally {
      await extra?.close();
    }
  }, 120_000);
});

describe('latency', () => {
  it('due → delivered with the real clock and a 1 s poll', async () => {
    const owners = await t.db.insertInto('users').values([{ name: 'Ann' }]).returning('id').execute();
    const start = Date.now();
    // 20 reminders due between 1.5 s and 6.25 s from now, at uneven offsets within the poll period.
    const dues = Array.from({ length: 20 }, (_, i) => new Date(start + 1500 + i * 250));
    await t.db.insertInto('reminders').values(dues.map((due_at, i) => ({ owner_id: owners[0]!.id, text: `r${i}`, due_at, due_has_time: true }))).execute();
    const latencies: number[] = [];
    const notifier: Notifier = {
      async deliver(_target, reply) {
        const i = Number(/r(\d+)/.exec(JSON.stringify(reply.blocks[0]))![1]);
        latencies.push(Date.now() - dues[i]!.getTime());
      },
    };
    const automation = startAutomation({ db: t.db, notifier, pollMs: 1000 });
    try {
      for (let i = 0; i < 200 && latencies.length < 20; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await automation.stop();
    }
    expect(latencies).toHaveLength(20);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
    report(`delivery latency at a 1 s poll (20 reminders): min ${sorted[0]} ms, p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${sorted.at(-1)} ms`);
    expect(sorted.every((ms) => ms >= 0)).toBe(true);
    expect(sorted.at(-1)!).toBeLessThan(2500);
  }, 30_000);
});
