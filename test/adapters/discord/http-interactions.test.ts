import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discordInteractionsRoute } from '../../../adapters/discord/http-interactions.js';
import { resolvePlatformUser } from '../../../src/crm/users/user.service.js';
import { createDispatcher } from '../../../src/app/dispatcher.js';
import { silentLogger } from '../../../src/app/logger.js';
import { createUnderstanding } from '../../../src/intents/llm/understand.js';
import { seedDemo } from '../../../src/seed/index.js';
import { TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';
import { APP_ID, GUILD_ID, USER, autocomplete, buttonClick, mockDiscordApi, signedHeaders, slashCommand, testKeys } from './discord-fixtures.js';

const t = useTestDatabase({ truncateEachTest: false });
const keys = testKeys();
const api = mockDiscordApi();
let server: Server;
let url: string;
let route: ReturnType<typeof discordInteractionsRoute>;

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
  // Real time for the dispatcher: pending picks expire against the wall clock (loadMemory's default).
  const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}) });
  const env = { DISCORD_PUBLIC_KEY: keys.publicKeyHex, DISCORD_APPLICATION_ID: APP_ID };
  route = discordInteractionsRoute({ dispatcher, logger: silentLogger, env, db: t.db }, { rest: api.rest });
  server = createServer((req, res) => (req.url === route.path && req.method === route.method ? route.handler(req, res) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`;
});

afterEach(() => {
  api.calls.length = 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await api.close();
});

async function post(payload: unknown, headers?: Record<string, string>) {
  const body = JSON.stringify(payload);
  const res = await fetch(url, { method: 'POST', body, headers: headers ?? signedHeaders(keys.privateKey, body) });
  const json = (await res.json()) as any;
  await route.drain();
  return { status: res.status, json };
}

const processedEvents = async () => Number((await t.db.selectFrom('processed_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /discord/interactions', () => {
  it('answers PING with PONG', async () => {
    expect(await post({ id: '1', application_id: APP_ID, type: 1, token: 'x', version: 1 })).toEqual({ status: 200, json: { type: 1 } });
  });

  it('refuses a bad or missing signature with 401 and dispatches nothing', async () => {
    const before = await processedEvents();
    const payload = slashCommand('ticket', [{ name: 'open', type: 1, options: [{ name: 'subject', type: 3, value: 'Forged ticket' }] }]);
    const body = JSON.stringify(payload);
    const forged = signedHeaders(testKeys().privateKey, body);
    expect((await post(payload, forged)).status).toBe(401);
    expect((await post(payload, { 'content-type': 'application/json' })).status).toBe(401);
    const tampered = signedHeaders(keys.privateKey, body);
    const res = await fetch(url, { method: 'POST', body: body.replace('Forged', 'Fixed!'), headers: tampered });
    expect(res.status).toBe(401);
    await route.drain();
    expect(api.calls).toEqual([]);
    expect(await processedEvents()).toBe(before);
    expect(await t.db.selectFrom('tickets').select('id').where('subject', 'like', '%ticket%').where('subject', 'in', ['Forged ticket', 'Fixed! ticket']).execute()).toEqual([]);
  });

  it('defers a slash command, then edits the original response with the customer card', async () => {
    const { status, json } = await post(slashCommand('lookup', [{ name: 'customer', type: 3, value: 'Acme Industries' }]));
    expect(status).toBe(200);
    expect(json).toEqual({ type: 5 });
    expect(api.calls).toHaveLength(1);
    const [call] = api.calls;
    expect(call!.method).toBe('PATCH');
    expect(call!.path).toMatch(new RegExp(`^/api/v10/webhooks/${APP_ID}/tok_\\d+/messages/@original$`));
    expect(call!.body.allowed_mentions).toEqual({ parse: [] });
    expect(call!.body.embeds[0].title).toContain('Acme Industries');
    expect(call!.body.flags).toBeUndefined();
  });

  it('shows a report’s figures first, then edits its chart in as a PNG file the embed shows', async () => {
    const boss = { ...USER, id: '1400000000000000077', username: 'dana', global_name: 'Dana Boss' };
    const user = await resolvePlatformUser(t.db, { platform: 'discord', workspaceId: GUILD_ID, platformUserId: boss.id, displayName: 'Dana Boss' });
    await t.db.updateTable('users').set({ role: 'manager' }).where('id', '=', user.id).execute();
    const { json } = await post(slashCommand('report', [{ name: 'kind', type: 3, value: 'pipeline' }], boss));
    expect(json).toEqual({ type: 5 });
    expect(api.calls.map((c) => c.method)).toEqual(['PATCH', 'PATCH']);
    const [figures, call] = api.calls;
    // The figures, with the chart named where it will be.
    expect(figures!.path).toBe(call!.path);
    expect(figures!.files ?? []).toHaveLength(0);
    expect(figures!.body.embeds[0].description).toMatch(/📊 Pipeline/);
    expect(figures!.body.embeds.some((e: any) => e.image)).toBe(false);
    expect(call!.files).toHaveLength(1);
    const file = call!.files![0]!;
    expect(file.name).toMatch(/\.png$/);
    const bytes = Buffer.from(await file.blob.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(1000);
    expect(call!.body.attachments).toEqual([expect.objectContaining({ id: 0, filename: file.name })]);
    expect(call!.body.embeds.some((e: any) => e.image?.url === `attachment://${file.name}`)).toBe(true);
    expect(call!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('runs a redelivered interaction once: the duplicate removes its placeholder and sends nothing else', async () => {
    const payload = slashCommand('ticket', [{ name: 'open', type: 1, options: [{ name: 'subject', type: 3, value: 'Printer on fire' }, { name: 'customer', type: 3, value: 'Acme Industries' }] }]);
    await post(payload);
    await post(payload);
    expect(api.calls.map((c) => c.method)).toEqual(['PATCH', 'DELETE']);
    expect(JSON.stringify(api.calls[0]!.body)).toContain('Printer on fire');
    expect(await t.db.selectFrom('tickets').select('id').where('subject', '=', 'Printer on fire').execute()).toHaveLength(1);
  });

  it('replaces the disambiguation card when its owner picks, and refuses another user politely', async () => {
    await post(slashCommand('lookup', [{ name: 'customer', type: 3, value: 'Acme' }]));
    const card = api.calls[0]!.body;
    const buttons = card.components.flatMap((row: any) => row.components);
    const pick = buttons.find((b: any) => b.custom_id.startsWith('pick:'));
    expect(pick).toBeDefined();
    api.calls.length = 0;

    const stranger = await post(buttonClick(pick.custom_id, { id: '1400000000000000099', username: 'mallory', global_name: 'Mallory', discriminator: '0', avatar: null }));
    expect(stranger.json).toEqual({ type: 6 });
    expect(api.calls).toEqual([
      {
        method: 'POST',
        path: expect.stringMatching(new RegExp(`^/api/v10/webhooks/${APP_ID}/tok_\\d+$`)),
        body: { content: '⚠️ That button belongs to someone else’s request, so I left it alone.', embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 },
      },
    ]);
    api.calls.length = 0;

    const owner = await post(buttonClick(pick.custom_id));
    expect(owner.json).toEqual({ type: 6 });
    expect(api.calls.map((c) => [c.method, c.path.endsWith('/messages/@original')])).toEqual([['PATCH', true]]);
    expect(api.calls[0]!.body.embeds[0].title).toMatch(/Acme/);
  });

  it('answers customer autocomplete at once with at most 25 choices', async () => {
    const { json } = await post(autocomplete('lookup', [{ name: 'customer', type: 3, value: 'acme', focused: true }]));
    expect(json.type).toBe(8);
    expect(json.data.choices.length).toBeGreaterThan(0);
    expect(json.data.choices.length).toBeLessThanOrEqual(25);
    expect(json.data.choices.slice(0, 2).map((c: any) => c.name).sort()).toEqual(['Acme Corp', 'Acme Industries']);
    expect(api.calls).toEqual([]);
  });

  it('answers an unknown command at once, ephemerally, without dispatching', async () => {
    const { json } = await post(slashCommand('dance'));
    expect(json).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(api.calls).toEqual([]);
  });
});
