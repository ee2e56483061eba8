import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { LOST_MESSAGE, dispatchThreadNice, startDispatchThread, type ThreadDispatcher } from '../../src/app/dispatch-thread.js';
import type { Envelope } from '../../src/app/envelope.js';
import { silentLogger } from '../../src/app/logger.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import type { Block } from '../../src/reply/reply.js';
import { chatAs } from '../support/chat.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

describe.skipIf(!postgresServerUrl())('the dispatcher on a thread of its own (Postgres; the embedded database cannot be shared)', () => {
  const t = useTestDatabase();
  let thread: ThreadDispatcher;

  beforeAll(async () => {
    thread = await startDispatchThread({ target: t.handle.target, env: { ...process.env, RAPPORT_CHARTS: 'on' }, logger: silentLogger });
  });
  afterAll(async () => {
    await thread?.close();
  });

  it('answers as the dispatcher on the main thread would, buttons included', async () => {
    const onThread = await chatAs(t.db, { role: 'support', user: 'Tom Alvarez', dispatcher: thread });
    const here = await chatAs(t.db, {
      role: 'support', user: 'Tom Alvarez',
      dispatcher: createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}) }),
    });
    const [a, b] = [await onThread.say('help'), await here.say('help')];
    expect(a.blocks.length).toBeGreaterThan(2);
    expect(a).toEqual(b);
  });

  it('commits a write before its confirmation reaches the main thread', async () => {
    const support = await chatAs(t.db, { role: 'support', user: 'Tom Alvarez', dispatcher: thread });
    await t.db.insertInto('customers').values({ name: 'Contoso' }).execute();
    const r = await support.say('open a ticket for Contoso: reports page times out');
    expect(support.text(r)).toMatch(/Opened ticket #\d+/);
    const rows = await t.db.selectFrom('tickets').select('subject').execute();
    expect(rows.map((row) => row.subject)).toEqual([expect.stringMatching(/reports page times out/)]);
  });

  it('sends the message while its chart is drawn, and the chart after it', async () => {
    const manager = await chatAs(t.db, { role: 'manager', user: 'Marcus Reed' });
    await t.db.insertInto('customers').values({ name: 'Globex' }).execute();
    const customer = await t.db.selectFrom('customers').select('id').where('name', '=', 'Globex').executeTakeFirstOrThrow();
    await t.db.insertInto('deals').values([
      { customer_id: customer.id, title: 'Globex renewal', stage: 'proposal', amount: '12000', owner_id: manager.userId },
      { customer_id: customer.id, title: 'Globex expansion', stage: 'negotiation', amount: '30000', owner_id: manager.userId },
    ]).execute();
    const envelope: Envelope = {
      platform: 'console', workspaceId: 'local', userId: 'marcus reed', channelId: 'terminal', chartsFollow: true,
      input: { kind: 'message', text: 'pipeline report' },
    };
    const r = await thread.dispatch(envelope);
    const image = r?.blocks.find((b): b is Extract<Block, { type: 'image' }> => b.type === 'image');
    expect(image?.png).toBeUndefined();
    expect(image?.drawing).toBeInstanceOf(Promise);
    const png = await image!.drawing!;
    expect([...png!.subarray(0, 4)]).toEqual(PNG_SIGNATURE);

    // Without chartsFollow the reply comes with the chart already in it.
    const settled = await thread.dispatch({ ...envelope, chartsFollow: undefined });
    const drawn = settled?.blocks.find((b) => b.type === 'image');
    expect(drawn).toMatchObject({ type: 'image', png: expect.any(Uint8Array) });
    expect(drawn).not.toHaveProperty('drawing');
  });

  it.runIf(process.platform === 'linux')('runs below the main thread’s priority, so an ack is scheduled first when the cores are busy', () => {
    // /proc/self/task/<tid>/stat: the 19th field is the thread's nice value (after the parenthesised name).
    const niceOf = (tid: string) => Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const threads = fs.readdirSync('/proc/self/task').map(niceOf);
    expect(niceOf(String(process.pid))).toBe(0);
    expect(threads).toContain(5);
  });

  it('says it cannot tell when the thread dies mid-message, saves nothing half-done, and starts again', async () => {
    const support = await chatAs(t.db, { role: 'support', user: 'Tom Alvarez', dispatcher: thread });
    await t.db.insertInto('customers').values({ name: 'Initech' }).execute();
    const before = await t.db.selectFrom('tickets').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const restarts = thread.restarts;
    // Hold the tickets table so the ticket's insert waits inside its transaction, then kill the thread.
    const answer = await t.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`lock table tickets in access exclusive mode`.execute(conn);
      const pending = support.say('open a ticket for Initech: printer on fire');
      await waitFor(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(t.db)).rows[0]!.n > 0);
      await thread.kill();
      const r = await pending;
      await sql`rollback`.execute(conn);
      return r;
    });
    expect(support.text(answer)).toContain(LOST_MESSAGE);
    // The killed thread never committed: its connection is gone and the ticket with it.
    await waitFor(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db)).rows[0]!.n === 0);
    const after = await t.db.selectFrom('tickets').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const again = await support.say('open a ticket for Initech: printer still on fire');
    expect(support.text(again)).toMatch(/Opened ticket #\d+/);
    expect(thread.restarts).toBe(restarts + 1);
  });
});

describe('RAPPORT_DISPATCH_NICE', () => {
  it('takes a nice value from 0 to 19, else 5', () => {
    expect(dispatchThreadNice({})).toBe(5);
    expect(dispatchThreadNice({ RAPPORT_DISPATCH_NICE: '0' })).toBe(0);
    expect(dispatchThreadNice({ RAPPORT_DISPATCH_NICE: '12' })).toBe(12);
    expect(dispatchThreadNice({ RAPPORT_DISPATCH_NICE: '-5' })).toBe(5);
    expect(dispatchThreadNice({ RAPPORT_DISPATCH_NICE: 'high' })).toBe(5);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
