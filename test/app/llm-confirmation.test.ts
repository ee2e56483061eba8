import { sql } from 'kysely';
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmParser } from '../../src/intents/llm/llm-parser.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { seedDemo } from '../../src/seed/index.js';
import { chatAs, TEST_NOW } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { interceptCompletions, toolCallCompletion } from '../intents/llm/chat-completion.js';

const t = useTestDatabase({ truncateEachTest: false });
const understanding = () => createUnderstanding({ llm: createLlmParser({ apiKey: 'sk-test', timeoutMs: 2000 }) });
const message = 'yo so acme corp wants a quote, ping them in a week or so';

async function activitiesOfAcme(): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*)::int8 as n from activities a join customers c on c.id = a.customer_id where c.name = 'Acme Corp'`.execute(t.db);
  return row.rows[0]!.n;
}

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});
beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('writes understood by the LLM', () => {
  it('are shown for confirmation first and run only when confirmed', async () => {
    interceptCompletions().expect().reply(200, toolCallCompletion([{ name: 'log_activity', arguments: { kind: 'note', customer: 'Acme Corp', summary: 'wants a quote', follow_up: '2026-11-25' } }]));
    const chat = await chatAs(t.db, { user: 'Sarah Chen', understanding: understanding() });
    const before = await activitiesOfAcme();

    const card = await chat.say(message);
    expect(chat.text(card)).toMatch(/Did I get that right\?/);
    expect(chat.text(card)).toMatch(/Acme Corp/);
    expect(card.private).toBe(true);
    expect(await activitiesOfAcme()).toBe(before);

    const done = await chat.click(card, 'Confirm');
    expect(chat.text(done)).toMatch(/Logged a note/);
    expect(await activitiesOfAcme()).toBe(before + 1);
  });

  it('write nothing when cancelled', async () => {
    interceptCompletions().expect().reply(200, toolCallCompletion([{ name: 'log_activity', arguments: { kind: 'note', customer: 'Acme Corp', summary: 'wants a quote' } }]));
    const chat = await chatAs(t.db, { user: 'Sarah Chen', understanding: understanding() });
    const before = await activitiesOfAcme();

    const card = await chat.say(message);
    const cancelled = await chat.click(card, 'Cancel');
    expect(chat.text(cancelled)).toMatch(/nothing was changed/i);
    expect(await activitiesOfAcme()).toBe(before);
  });

  it('cannot be confirmed by another user', async () => {
    interceptCompletions().expect().reply(200, toolCallCompletion([{ name: 'log_activity', arguments: { kind: 'note', customer: 'Acme Corp' } }]));
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', understanding: understanding() });
    const david = await chatAs(t.db, { user: 'David Okafor', understanding: understanding() });
    const before = await activitiesOfAcme();

    const card = await sarah.say(message);
    const refused = await david.click(card, 'Confirm');
    expect(david.text(refused)).toMatch(/belongs to someone else/);
    expect(await activitiesOfAcme()).toBe(before);
  });

  it('fall back to the rule-based answer when the model fails, and the user still gets a reply', async () => {
    interceptCompletions().expect().times(2).reply(503, { error: { message: 'overloaded', type: 'server_error' } });
    const chat = await chatAs(t.db, { user: 'Sarah Chen', understanding: understanding() });
    const r = await chat.say(message);
    expect(chat.text(r)).toMatch(/didn’t understand/);
  });
});
