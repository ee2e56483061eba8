/**
 * Platforms redeliver: Slack retries an event it thinks was missed (same event_id, with
 * x-slack-retry-num), Discord may deliver an interaction twice, and people double-click. However
 * the copies arrive, one after the other or at the same moment, exactly one row is written and
 * one reply is sent. (Sequential Slack @mention and Discord slash-command redeliveries are in
 * test/adapters/slack/events.test.ts and test/adapters/discord/http-interactions.test.ts.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordInteractionsRoute } from '../../adapters/discord/http-interactions.js';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { seedDemo } from '../../src/seed/index.js';
import { chatAs, TEST_NOW } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { mockDiscordApi, signedHeaders, slashCommand as discordCommand, testKeys } from '../adapters/discord/discord-fixtures.js';
import {
  apiBody,
  eventCallback,
  eventually,
  interceptSlackApi,
  postJson,
  settle,
  SLACK_API,
  spyDispatcher,
  startHttpSlack,
} from '../adapters/slack/support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW, scale: 0.1 });
});

const ticketsNamed = async (subject: string) => (await t.db.selectFrom('tickets').select('id').where('subject', '=', subject).execute()).length;

describe('the same event delivered several times at once', () => {
  it('writes one ticket and answers once, the copies get no reply', async () => {
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales' });
    const copies = await Promise.all(
      Array.from({ length: 4 }, () => chat.send({ kind: 'message', text: 'open a ticket for Acme Corp: projector dim' }, 'evt-concurrent-1')),
    );
    expect(copies.filter((r) => r !== null)).toHaveLength(1);
    expect(chat.text(copies.find((r) => r !== null)!)).toMatch(/Opened ticket #\d+/);
    expect(await ticketsNamed('projector dim')).toBe(1);
  });

  it('a double-clicked Undo removes the ticket once and the second click says so plainly', async () => {
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales' });
    const card = await chat.say('open a ticket for Acme Corp: chair squeaks');
    const [a, b] = await Promise.all([chat.click(card, 'Undo'), chat.click(card, 'Undo')]);
    const texts = [chat.text(a), chat.text(b)].sort();
    expect(texts.filter((x) => /already undone|no longer exists/.test(x))).toHaveLength(1);
    expect(await ticketsNamed('chair squeaks')).toBe(0);
    const undone = await t.db.selectFrom('audit_log').select('id').where('undone_at', 'is not', null).execute();
    expect(undone).toHaveLength(1);
  });
});

describe('Slack redelivering a direct message', () => {
  it('logs the call once and posts one answer, however many retries come', async () => {
    interceptSlackApi();
    const dispatcher = spyDispatcher(t.db);
    const slack = await startHttpSlack(dispatcher);
    try {
      const posts: Array<Record<string, any>> = [];
      nock(SLACK_API)
        .post('/api/chat.postMessage', (b) => {
          posts.push(apiBody(b));
          return true;
        })
        .times(4)
        .reply(200, { ok: true, channel: 'D0SARAH', ts: '1700000000.000950', message: { text: '' } });
      const dm = { type: 'message', channel_type: 'im', channel: 'D0SARAH', user: 'U0SARAH', text: 'log a call with Acme Corp about loading dock hours', ts: '1700000000.000940' };
      const payload = eventCallback(dm);
      // The first delivery and two retries, the retries arriving while the first is still running.
      await Promise.all([
        postJson(slack.url, payload),
        postJson(slack.url, payload, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
        postJson(slack.url, payload, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } }),
      ]);
      await eventually(() => dispatcher.calls.length === 3);
      await settle();
      expect(posts).toHaveLength(1);
      expect(JSON.stringify(posts[0]!.blocks)).toMatch(/Logged a call/);
      const rows = await t.db.selectFrom('activities').select('id').where('summary', 'like', '%loading dock hours%').execute();
      expect(rows).toHaveLength(1);
    } finally {
      await slack.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});

describe('Discord delivering the same interaction twice at the same moment', () => {
  const keys = testKeys();
  const api = mockDiscordApi();
  let server: Server;
  let url: string;
  let route: ReturnType<typeof discordInteractionsRoute>;

  beforeAll(async () => {
    const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}) });
    route = discordInteractionsRoute({ dispatcher, logger: silentLogger, env: { DISCORD_PUBLIC_KEY: keys.publicKeyHex, DISCORD_APPLICATION_ID: '1100000000000000001' }, db: t.db }, { rest: api.rest });
    server = createServer((req, res) => (req.url === route.path && req.method === route.method ? route.handler(req, res) : res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await api.close();
  });

  it('opens one ticket and edits one placeholder; the copy removes its own', async () => {
    const payload = discordCommand('ticket', [{ name: 'open', type: 1, options: [{ name: 'subject', type: 3, value: 'Router blinking red' }, { name: 'customer', type: 3, value: 'Acme Industries' }] }]);
    const body = JSON.stringify(payload);
    const send = () => fetch(url, { method: 'POST', body, headers: signedHeaders(keys.privateKey, body) });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await route.drain();
    expect(api.calls.map((c) => c.method).sort()).toEqual(['DELETE', 'PATCH']);
    expect(await ticketsNamed('Router blinking red')).toBe(1);
  });
});
