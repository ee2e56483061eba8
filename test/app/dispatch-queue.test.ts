import { describe, expect, it, vi } from 'vitest';
import { BUSY_MESSAGE, dispatchQueueOptionsFromEnv, queueDispatches } from '../../src/app/dispatch-queue.js';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { createUnderstanding, type Understanding } from '../../src/intents/llm/understand.js';
import type { Reply } from '../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';

const t = useTestDatabase();

/** The real understanding, held at a gate: a message "runs" from the moment it is understood until released. */
function gatedUnderstanding() {
  const rules = createUnderstanding({});
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let inside = 0;
  let most = 0;
  const entered: string[] = [];
  const understanding: Understanding = {
    async understand(text, options) {
      entered.push(text);
      inside += 1;
      most = Math.max(most, inside);
      await gate;
      inside -= 1;
      return rules.understand(text, options);
    },
  };
  return { understanding, release: () => open(), inside: () => inside, most: () => most, entered };
}

/** Waits until the queue has settled into the expected shape (the dispatcher reads the database before understanding). */
const settled = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describe('the dispatch queue', () => {
  it('runs a few messages at a time, keeps the rest waiting in order, and turns away one too many without writing it', async () => {
    await t.db.insertInto('customers').values({ name: 'Acme Corp' }).execute();
    const gated = gatedUnderstanding();
    const inner = createDispatcher({ db: t.db, logger: silentLogger, understanding: gated.understanding, now: () => TEST_NOW });
    const queue = queueDispatches(inner, { concurrency: 2, maxWaiting: 2 });
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', dispatcher: queue });

    const replies: Array<Promise<Reply>> = [];
    for (let i = 1; i <= 5; i++) replies.push(chat.say(`log a note for Acme Corp: queued ${i}`));
    await settled(() => {
      expect(gated.inside()).toBe(2);
      expect(queue.waiting).toBe(2);
    });

    // The fifth was answered at once, privately, and nothing was saved for it.
    const fifth = await replies[4]!;
    expect(fifth.private).toBe(true);
    expect(chat.text(fifth)).toContain(BUSY_MESSAGE);
    expect(queue.turnedAway).toBe(1);

    gated.release();
    const done = await Promise.all(replies.slice(0, 4));
    for (const r of done) expect(chat.text(r)).toMatch(/Logged a note/i);
    expect(gated.most()).toBe(2);
    // The first two ran first, the two that waited came after them (each pair runs side by side, so in either order).
    const started = gated.entered.map((text) => text.replace(/.*: /, ''));
    expect(started.slice(0, 2).sort()).toEqual(['queued 1', 'queued 2']);
    expect(started.slice(2).sort()).toEqual(['queued 3', 'queued 4']);
    const notes = await t.db.selectFrom('activities').select('summary').execute();
    expect(notes.map((n) => n.summary).sort()).toEqual(['queued 1', 'queued 2', 'queued 3', 'queued 4']);
    expect(queue.active + queue.waiting).toBe(0);
  });

  it('answers a redelivered event once, while the first delivery is still waiting its turn', async () => {
    const gated = gatedUnderstanding();
    const queue = queueDispatches(
      createDispatcher({ db: t.db, logger: silentLogger, understanding: gated.understanding, now: () => TEST_NOW }),
      { concurrency: 1, maxWaiting: 10 },
    );
    const chat = await chatAs(t.db, { dispatcher: queue });
    const running = chat.send({ kind: 'message', text: 'help' }, 'evt-busy-1');
    const first = chat.send({ kind: 'message', text: 'help' }, 'evt-queued-1');
    await settled(() => {
      expect(gated.inside()).toBe(1);
      expect(queue.waiting).toBe(1);
    });
    // Slack redelivers both: no second run, no second reply.
    await expect(chat.send({ kind: 'message', text: 'help' }, 'evt-queued-1')).resolves.toBeNull();
    await expect(chat.send({ kind: 'message', text: 'help' }, 'evt-busy-1')).resolves.toBeNull();
    gated.release();
    expect(chat.text((await running)!)).toContain('What I can do');
    expect(chat.text((await first)!)).toContain('What I can do');
    expect(gated.most()).toBe(1);
    // Done and marked: a later redelivery is silent too (the dispatcher's event mark).
    await expect(chat.send({ kind: 'message', text: 'help' }, 'evt-queued-1')).resolves.toBeNull();
  });

  it('answers normally again once there is room', async () => {
    const queue = queueDispatches(
      createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}), now: () => TEST_NOW }),
      { concurrency: 1, maxWaiting: 0 },
    );
    const chat = await chatAs(t.db, { dispatcher: queue });
    const [first, second] = await Promise.all([chat.say('help'), chat.say('help')]);
    expect(chat.text(first)).toContain('What I can do');
    expect(chat.text(second)).toContain(BUSY_MESSAGE);
    expect(chat.text(await chat.say('help'))).toContain('What I can do');
  });

  it('takes its size from the environment: by default two messages per core, at most the pool size', () => {
    expect(dispatchQueueOptionsFromEnv({}, false, 2)).toEqual({ concurrency: 4, maxWaiting: 2000 });
    expect(dispatchQueueOptionsFromEnv({}, false, 16)).toEqual({ concurrency: 10, maxWaiting: 2000 });
    expect(dispatchQueueOptionsFromEnv({ DATABASE_POOL_SIZE: '20' }, false, 16).concurrency).toBe(20);
    expect(dispatchQueueOptionsFromEnv({}, false, 1).concurrency).toBe(2);
    expect(dispatchQueueOptionsFromEnv({}, true, 16).concurrency).toBe(4);
    expect(dispatchQueueOptionsFromEnv({ RAPPORT_DISPATCH_CONCURRENCY: '3', RAPPORT_DISPATCH_QUEUE: '50' }, false, 2)).toEqual({ concurrency: 3, maxWaiting: 50 });
    expect(dispatchQueueOptionsFromEnv({ RAPPORT_DISPATCH_CONCURRENCY: 'lots', RAPPORT_DISPATCH_QUEUE: '-1' }, false, 16)).toEqual({ concurrency: 10, maxWaiting: 2000 });
  });
});
