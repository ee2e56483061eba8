/**
 * Forged and replayed button clicks through the real adapters: a value edited to claim the
 * clicker owns someone else's button, tampered or oversized values, a confirmation that expired,
 * a replayed click and a bad signature. The answer is a clear refusal, and nothing is written.
 * (Someone else's untouched button, an unknown verb and bad signatures on commands are covered
 * in test/adapters/slack/actions.test.ts, slash-command.test.ts and the Discord adapter tests.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discordInteractionsRoute } from '../../adapters/discord/http-interactions.js';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { resolvePlatformUser } from '../../src/crm/users/user.service.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { seedDemo } from '../../src/seed/index.js';
import { actionsOf, type Reply } from '../../src/reply/reply.js';
import { TEST_NOW } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { APP_ID, buttonClick, mockDiscordApi, OTHER_USER, signedHeaders as discordSigned, testKeys, USER } from '../adapters/discord/discord-fixtures.js';
import {
  blockActions,
  eventually,
  interceptSlackApi,
  nextId,
  postInteraction,
  settle,
  spyDispatcher,
  startHttpSlack,
  TEAM,
  type SpyDispatcher,
} from '../adapters/slack/support/slack-harness.js';
import { changedTables, rowCounts, type RowCounts } from '../faults/support/row-counts.js';

const t = useTestDatabase({ truncateEachTest: false });
let before: RowCounts;

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW, scale: 0.1 });
});

/** Nothing but bookkeeping (the click's idempotency mark, conversation memory) may change. */
async function expectNothingWritten(): Promise<void> {
  expect(changedTables(before, await rowCounts(t.db), ['processed_events', 'conversation_state', 'users', 'platform_identities'])).toEqual({});
}

const undoOf = (r: Reply) => actionsOf(r).find((a) => a.kind === 'button' && a.label === 'Undo')!.ref;

describe('forged clicks through the Slack adapter', () => {
  let dispatcher: SpyDispatcher;
  let slack: Awaited<ReturnType<typeof startHttpSlack>>;
  let tomId: number;
  let sarahUndo: { value: string; forUserId?: number };

  beforeAll(async () => {
    interceptSlackApi();
    dispatcher = spyDispatcher(t.db);
    slack = await startHttpSlack(dispatcher);
    tomId = (await resolvePlatformUser(t.db, { platform: 'slack', workspaceId: TEAM, platformUserId: 'U0TOM', displayName: 'Tom Alvarez' })).id;
    const created = await dispatcher.dispatch({
      platform: 'slack', workspaceId: TEAM, userId: 'U0SARAH', userName: 'Sarah Chen', channelId: 'C0SALES', eventId: nextId('evt'),
      input: { kind: 'message', text: 'open a ticket for Acme Corp: forged undo target' },
    });
    sarahUndo = undoOf(created!);
  });
  afterEach(() => {
    dispatcher.calls.length = 0;
  });
  afterAll(async () => {
    await slack?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** Clicks a button with this raw value as `user` and returns the text Slack was asked to show. */
  async function click(value: string, user = 'U0TOM', extra: { triggerId?: string } = {}): Promise<string> {
    const responseUrl = `https://hooks.slack.test/actions/${TEAM}/${nextId('')}/token`;
    const url = new URL(responseUrl);
    let body: Record<string, any> | undefined;
    nock(url.origin).post(url.pathname, (b) => ((body = b as Record<string, any>), true)).reply(200, 'ok');
    const payload = blockActions(value, { responseUrl, user });
    if (extra.triggerId) payload.trigger_id = extra.triggerId;
    const res = await postInteraction(slack.url, payload);
    expect(res.status).toBe(200);
    const answer = await eventually(() => body);
    return JSON.stringify(answer);
  }

  const ticketLeft = async () => (await t.db.selectFrom('tickets').select('id').where('subject', '=', 'forged undo target').execute()).length;

  it('refuses an Undo whose owner was rewritten to the clicker: the ticket stays', async () => {
    before = await rowCounts(t.db);
    const answer = JSON.parse(await click(`undo:${tomId}:${sarahUndo.value}`));
    expect(JSON.stringify(answer.blocks)).toMatch(/Only the person who made that change \(or an admin\) can undo it/);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(await ticketLeft()).toBe(1);
    await expectNothingWritten();
  });

  it.each([
    ['a pick with an injected field', (id: number) => `pick:${id}:customerId=1;DROP TABLE customers`, /expired or was already handled|could not read that choice/],
    ['a confirmation with nothing waiting (expired)', (id: number) => `confirm:${id}:create_ticket`, /expired or was already handled/],
  ])('answers %s plainly and writes nothing', async (_name, value, expected) => {
    before = await rowCounts(t.db);
    // Confirm/pick answers replace the card they were clicked on (an expired card cannot be clicked again).
    expect(JSON.stringify(JSON.parse(await click(value(tomId))).blocks)).toMatch(expected);
    await expectNothingWritten();
  });

  it.each([
    ['an Undo value that is not a number', (id: number) => `undo:${id}:1 OR 1=1`, /could not read that Undo request/],
    ['an oversized value', (id: number) => `undo:${id}:${'9'.repeat(200)}`, /could not read that button/],
    ['a verb outside the registry', (id: number) => `admin.grant:${id}:everything`, /could not read that button/],
  ])('answers %s with a private refusal that leaves the card, and writes nothing', async (_name, value, expected) => {
    before = await rowCounts(t.db);
    const answer = JSON.parse(await click(value(tomId)));
    expect(JSON.stringify(answer.blocks)).toMatch(expected);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    await expectNothingWritten();
    expect(await ticketLeft()).toBe(1);
  });

  it('runs a replayed click (same trigger_id) once', async () => {
    const created = await dispatcher.dispatch({
      platform: 'slack', workspaceId: TEAM, userId: 'U0SARAH', userName: 'Sarah Chen', channelId: 'C0SALES', eventId: nextId('evt'),
      input: { kind: 'message', text: 'open a ticket for Acme Corp: replayed undo' },
    });
    const ref = undoOf(created!);
    const triggerId = nextId('999.');
    const first = await click(`undo:${ref.forUserId}:${ref.value}`, 'U0SARAH', { triggerId });
    expect(first).not.toMatch(/Only the person|could not/);
    dispatcher.calls.length = 0;
    const payload = blockActions(`undo:${ref.forUserId}:${ref.value}`, { responseUrl: `https://hooks.slack.test/actions/${TEAM}/${nextId('')}/token`, user: 'U0SARAH' });
    payload.trigger_id = triggerId;
    await postInteraction(slack.url, payload);
    await eventually(() => dispatcher.calls.length === 1);
    expect(dispatcher.calls[0]!.reply).toBeNull();
    const undone = await t.db.selectFrom('audit_log').select('id').where('id', '=', Number(ref.value)).where('undone_at', 'is not', null).execute();
    expect(undone).toHaveLength(1);
  });

  it('rejects a click signed with the wrong secret, or with a stale timestamp, before dispatching', async () => {
    before = await rowCounts(t.db);
    const payload = blockActions(`undo:${sarahUndo.forUserId}:${sarahUndo.value}`, { responseUrl: 'https://hooks.slack.test/actions/x/y/z', user: 'U0SARAH' });
    expect((await postInteraction(slack.url, payload, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postInteraction(slack.url, payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    await settle();
    expect(dispatcher.calls).toHaveLength(0);
    expect(await ticketLeft()).toBe(1);
    await expectNothingWritten();
  });
});

describe('forged clicks through the Discord interactions endpoint', () => {
  const keys = testKeys();
  const api = mockDiscordApi();
  let server: Server;
  let url: string;
  let route: ReturnType<typeof discordInteractionsRoute>;

  beforeAll(async () => {
    const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}), now: () => TEST_NOW });
    route = discordInteractionsRoute({ dispatcher, logger: silentLogger, env: { DISCORD_PUBLIC_KEY: keys.publicKeyHex, DISCORD_APPLICATION_ID: APP_ID }, db: t.db }, { rest: api.rest });
    server = createServer((req, res) => (req.url === route.path && req.method === route.method ? route.handler(req, res) : res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await api.close();
  });

  async function post(payload: unknown): Promise<string> {
    api.calls.length = 0;
    const body = JSON.stringify(payload);
    const res = await fetch(url, { method: 'POST', body, headers: discordSigned(keys.privateKey, body) });
    expect(res.status).toBe(200);
    const json = await res.json();
    await route.drain();
    return JSON.stringify([json, api.calls.map((c) => c.body)]);
  }

  it('refuses an Undo custom_id rewritten to name the clicker as owner: the ticket stays', async () => {
    const jane = await resolvePlatformUser(t.db, { platform: 'discord', workspaceId: '1200000000000000002', platformUserId: USER.id, displayName: 'Jane Cooper' });
    await t.db.updateTable('users').set({ role: 'sales' }).where('id', '=', jane.id).execute();
    const mallory = await resolvePlatformUser(t.db, { platform: 'discord', workspaceId: '1200000000000000002', platformUserId: OTHER_USER.id, displayName: 'Mallory' });
    const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}), now: () => TEST_NOW });
    const created = await dispatcher.dispatch({
      platform: 'discord', workspaceId: '1200000000000000002', userId: USER.id, userName: 'Jane Cooper', channelId: '1300000000000000003', eventId: nextId('d'),
      input: { kind: 'message', text: 'open a ticket for Acme Corp: discord forged target' },
    });
    const ref = undoOf(created!);
    before = await rowCounts(t.db);
    const out = await post(buttonClick(`undo:${mallory.id}:${ref.value}`, OTHER_USER));
    expect(out).toMatch(/Only the person who made that change/);
    expect(out).toMatch(/"allowed_mentions":\{"parse":\[\]\}/);
    expect(await t.db.selectFrom('tickets').select('id').where('subject', '=', 'discord forged target').execute()).toHaveLength(1);
    await expectNothingWritten();
  });

  it('answers an oversized or malformed custom_id without dispatching', async () => {
    before = await rowCounts(t.db);
    for (const customId of [`undo:1:${'9'.repeat(200)}`, 'undo', ':::', 'UNDO:1:1']) {
      expect(await post(buttonClick(customId, OTHER_USER))).toMatch(/could not read|can’t read|couldn’t read|no longer/i);
    }
    await expectNothingWritten();
  });
});
