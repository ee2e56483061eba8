import { describe, expect, it } from 'vitest';
import { claimJobs, completeJob, enqueue, queueCounts, retryDelayMs } from '../../src/jobs/queue.js';
import { REMINDER_DELIVER, reminderJobKey, scheduleDueReminders } from '../../src/jobs/reminders/deliver-reminder.js';
import { createWorker, HandOffJobError, PermanentJobError, type JobHandler } from '../../src/jobs/worker.js';
import type { Notifier } from '../../src/jobs/notifier.js';
import { useTestDatabase } from '../support/test-db.js';
import { addUser, automationFor, jobsOf, remind, testClock } from './jobs-fixtures.js';

const t = useTestDatabase();
const SEC = 1000;

describe('enqueue', () => {
  it('is idempotent on its key, done or not, and keeps jobs without a key apart', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const first = await enqueue(t.db, { kind: 'x', payload: { a: 1 }, runAt: clock.now(), idempotencyKey: 'k1' });
    expect(first).toMatchObject({ kind: 'x', payload: { a: 1 }, status: 'queued', attempts: 0, max_attempts: 5 });
    expect(await enqueue(t.db, { kind: 'x', payload: { a: 2 }, runAt: clock.now(), idempotencyKey: 'k1' })).toBeUndefined();
    await enqueue(t.db, { kind: 'x', payload: {}, runAt: clock.now() });
    await enqueue(t.db, { kind: 'x', payload: {}, runAt: clock.now() });
    expect((await jobsOf(t.db)).map((j) => j.idempotency_key)).toEqual(['k1', null, null]);

    const worker = createWorker({ db: t.db, now: clock.now, handlers: [{ kind: 'x', run: async () => {} }] });
    expect(await worker.runOnce()).toMatchObject({ claimed: 3, done: 3 });
    expect(await enqueue(t.db, { kind: 'x', payload: {}, runAt: clock.now(), idempotencyKey: 'k1' })).toBeUndefined();
    expect(await queueCounts(t.db)).toEqual({ queued: 0, running: 0, done: 3, dead: 0 });
  });

  it('schedules each due reminder once however often the scheduler runs', async () => {
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
    const r = await remind(t.db, ann, 'call Jane', '2026-11-18T10:00:00-05:00');
    const now = new Date('2026-11-18T15:00:30Z');
    expect(await scheduleDueReminders(t.db, now)).toBe(1);
    expect(await scheduleDueReminders(t.db, now)).toBe(0);
    expect(await scheduleDueReminders(t.db, new Date(now.getTime() + 60 * SEC))).toBe(0);
    const jobs = await jobsOf(t.db);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      kind: REMINDER_DELIVER,
      idempotency_key: reminderJobKey(r.id, r.due_at),
      payload: { reminderId: r.id, dueAt: '2026-11-18T15:00:00.000Z' },
    });
    expect(jobs[0]!.run_at.toISOString()).toBe('2026-11-18T15:00:00.000Z');
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter, capped', () => {
    const backoff = { baseMs: 10 * SEC, maxMs: 60 * SEC };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, backoff, () => 0))).toEqual([5000, 10000, 20000, 30000, 30000]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, backoff, () => 0.999999))).toEqual([10000, 20000, 40000, 60000, 60000]);
  });

  it('retries a failing delivery with backoff, then marks it dead with the last error', async () => {
    const clock = testClock('2026-11-18T14:59:00Z');
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
    const r = await remind(t.db, ann, 'call Jane', '2026-11-18T10:00:00-05:00');
    let calls = 0;
    const broken: Notifier = {
      async deliver() {
        calls += 1;
        throw new Error(`Slack said no (${calls})`);
      },
    };
    const { worker } = automationFor(t.db, clock, { notifier: broken, backoff: { baseMs: 10 * SEC, maxMs: 60 * SEC } });
    clock.set('2026-11-18T15:00:00Z');
    const runAts: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const stats = await worker.runOnce();
      expect(stats).toMatchObject(attempt < 5 ? { retried: 1, dead: 0 } : { retried: 0, dead: 1 });
      const [job] = await jobsOf(t.db, REMINDER_DELIVER);
      expect(job).toMatchObject({ attempts: attempt, last_error: `Error: Slack said no (${attempt})`, locked_by: null });
      if (attempt < 5) {
        expect(job!.status).toBe('queued');
        runAts.push(job!.run_at.getTime() - clock.t.getTime());
        // Not yet: just before the retry time nothing runs.
        clock.t = new Date(job!.run_at.getTime() - 1);
        expect(await worker.runOnce()).toMatchObject({ retried: 0, dead: 0 });
        clock.t = job!.run_at;
      } else {
        expect(job!.status).toBe('dead');
        expect(job!.finished_at?.toISOString()).toBe(clock.t.toISOString());
      }
    }
    // random = 0.5: three quarters of 10 s, 20 s, 40 s, then the 60 s cap.
    expect(runAts).toEqual([7500, 15000, 30000, 45000]);
    expect(calls).toBe(5);
    clock.advance(3_600_000);
    expect(await worker.runOnce()).toMatchObject({ retried: 0, dead: 0 });
    expect(calls).toBe(5);
    expect((await t.db.selectFrom('reminders').select('delivered_at').where('id', '=', r.id).executeTakeFirstOrThrow()).delivered_at).toBeNull();
  });

  it('hands a job it cannot deliver to another process without using up its attempts, and ends it after a day', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    await enqueue(t.db, { kind: 'post', payload: {}, runAt: clock.now() });
    const elsewhere = createWorker({
      db: t.db, now: clock.now, handOffDelayMs: 60 * SEC,
      handlers: [{ kind: 'post', run: async () => { throw new HandOffJobError('no discord notifier here'); } }],
    });
    for (let minute = 0; minute < 30; minute++) {
      expect(await elsewhere.runOnce()).toMatchObject({ handedOff: 1, retried: 0, dead: 0 });
      expect(await elsewhere.runOnce()).toMatchObject({ claimed: 0 }); // not before the minute is up
      clock.advance(60 * SEC);
    }
    expect((await jobsOf(t.db))[0]).toMatchObject({ status: 'queued', attempts: 0, last_error: 'HandOffJobError: no discord notifier here' });

    clock.set('2026-11-19T14:59:59Z');
    expect(await elsewhere.runOnce()).toMatchObject({ handedOff: 1, dead: 0 });
    clock.set('2026-11-19T15:01:00Z');
    expect(await elsewhere.runOnce()).toMatchObject({ handedOff: 0, dead: 1 });
    const [job] = await jobsOf(t.db);
    expect(job).toMatchObject({ status: 'dead', last_error: 'no process took it for 1440 min: HandOffJobError: no discord notifier here' });
    expect(job!.finished_at?.toISOString()).toBe('2026-11-19T15:01:00.000Z');
  });

  it('delivers once after transient failures', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const ann = await addUser(t.db, { name: 'Ann' });
    await remind(t.db, ann, 'call Jane', '2026-11-18T15:00:00Z');
    const sent: string[] = [];
    let failures = 2;
    const flaky: Notifier = {
      async deliver(_target, _reply, key) {
        if (failures-- > 0) throw new Error('timeout');
        sent.push(key);
      },
    };
    const { worker } = automationFor(t.db, clock, { notifier: flaky });
    await worker.runOnce();
    clock.advance(3_600_000);
    await worker.runOnce();
    clock.advance(3_600_000);
    await worker.runOnce();
    expect(sent).toHaveLength(1);
    expect(await jobsOf(t.db, REMINDER_DELIVER)).toMatchObject([{ status: 'done', attempts: 3, last_error: 'Error: timeout' }]);
  });

  it('sends an unreadable payload straight to dead', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    await enqueue(t.db, { kind: REMINDER_DELIVER, payload: { reminderId: 'x' }, runAt: clock.now() });
    const { worker, notifier } = automationFor(t.db, clock);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect(await jobsOf(t.db)).toMatchObject([{ status: 'dead', attempts: 1, last_error: expect.stringMatching(/^PermanentJobError: unreadable/) }]);
    expect(notifier.deliveries).toHaveLength(0);
  });

  it('leaves kinds it has no handler for queued (another version of the bot may know them)', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    await enqueue(t.db, { kind: 'invoice.send', payload: {}, runAt: clock.now() });
    const { worker } = automationFor(t.db, clock);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(await jobsOf(t.db)).toMatchObject([{ status: 'queued', attempts: 0 }]);
  });
});

describe('leases', () => {
  it('reclaims a job whose worker died mid-job after the lease, delivers it once, and fences the dead worker out', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const ann = await addUser(t.db, { name: 'Ann' });
    await remind(t.db, ann, 'call Jane', '2026-11-18T15:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock, { leaseMs: 60 * SEC });
    await scheduleDueReminders(t.db, clock.now());
    // A worker claims the job and dies: no delivery, no completion, no lease renewal.
    const [claimed] = await claimJobs(t.db, { workerId: 'doomed', now: clock.now(), leaseMs: 60 * SEC, limit: 10, kinds: [REMINDER_DELIVER] });
    expect(claimed).toMatchObject({ status: 'running', locked_by: 'doomed', attempts: 1 });

    clock.advance(59 * SEC);
    await worker.runOnce();
    expect(notifier.deliveries).toHaveLength(0);
    expect(await jobsOf(t.db, REMINDER_DELIVER)).toMatchObject([{ status: 'running', locked_by: 'doomed' }]);

    clock.advance(1 * SEC);
    await worker.runOnce();
    expect(notifier.deliveries).toHaveLength(1);
    expect(await jobsOf(t.db, REMINDER_DELIVER)).toMatchObject([{ status: 'done', attempts: 2, locked_by: null }]);
    // The first worker wakes up and tries to finish: it no longer holds the job.
    expect(await completeJob(t.db, claimed!, 'doomed', clock.now())).toBe(false);
    clock.advance(3_600_000);
    await worker.runOnce();
    expect(notifier.deliveries).toHaveLength(1);
  });

  it('declares a job dead when it took its worker down on every attempt', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    await enqueue(t.db, { kind: 'poison', payload: {}, runAt: clock.now(), maxAttempts: 2 });
    for (const id of ['w1', 'w2']) {
      expect(await claimJobs(t.db, { workerId: id, now: clock.now(), leaseMs: 1000, limit: 1, kinds: ['poison'] })).toHaveLength(1);
      clock.advance(1000);
    }
    const handler: JobHandler = { kind: 'poison', run: async () => {} };
    const worker = createWorker({ db: t.db, now: clock.now, handlers: [handler] });
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(await jobsOf(t.db)).toMatchObject([{ status: 'dead', attempts: 2, last_error: expect.stringContaining('lease expired on attempt 2 (worker w2') }]);
  });

  it('renews the lease of a slow job so nobody else takes it', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    await enqueue(t.db, { kind: 'slow', payload: {}, runAt: clock.now() });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = createWorker({ db: t.db, now: () => new Date(), workerId: 'slow', leaseMs: 3000, handlers: [{ kind: 'slow', run: () => gate }] });
    const other = createWorker({ db: t.db, now: () => new Date(), workerId: 'other', handlers: [{ kind: 'slow', run: async () => {} }] });
    const running = slow.runOnce();
    await new Promise((r) => setTimeout(r, 4500));
    expect((await other.runOnce()).claimed).toBe(0);
    release();
    expect(await running).toMatchObject({ done: 1 });
  }, 15_000);

  it('fails a job whose handler throws PermanentJobError without retrying', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    await enqueue(t.db, { kind: 'bad', payload: {}, runAt: clock.now() });
    const worker = createWorker({
      db: t.db, now: clock.now, handlers: [{ kind: 'bad', run: async () => { throw new PermanentJobError('no such channel'); } }],
    });
    expect(await worker.runOnce()).toMatchObject({ dead: 1 });
  });
});

describe('start and stop', () => {
  it('polls on its own and stops cleanly', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    await remind(t.db, ann, 'call Jane', new Date(Date.now() - 1000).toISOString());
    const { worker, notifier } = automationFor(t.db, { now: () => new Date() });
    worker.start({ intervalMs: 50 });
    for (let i = 0; i < 100 && notifier.deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(notifier.deliveries).toHaveLength(1);
  });
});
