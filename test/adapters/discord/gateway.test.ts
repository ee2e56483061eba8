import { Client, Partials } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { attachGatewayHandlers } from '../../../adapters/discord/gateway.js';
import { envelopeFromMessage, handleChatMessage, type ChatMessage } from '../../../adapters/discord/gateway-messages.js';
import { createDispatcher, type Dispatcher } from '../../../src/app/dispatcher.js';
import { resolvePlatformUser } from '../../../src/crm/users/user.service.js';
import { silentLogger } from '../../../src/app/logger.js';
import { createUnderstanding } from '../../../src/intents/llm/understand.js';
import { privateReply, text } from '../../../src/reply/reply.js';
import { seedDemo } from '../../../src/seed/index.js';
import { TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';
import { APP_ID, CHANNEL_ID, GUILD_ID, mockDiscordApi, slashCommand, USER } from './discord-fixtures.js';

const t = useTestDatabase({ truncateEachTest: false });
const api = mockDiscordApi();
let client: Client;
let dispatcher: Dispatcher;
let sequence = 0;

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
  dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}) });
  // A client that never logs in: raw gateway payloads are fed to its actions directly.
  client = new Client({ intents: [], partials: [Partials.Channel] });
  attachGatewayHandlers(client, { dispatcher, logger: silentLogger, env: { DISCORD_APPLICATION_ID: APP_ID }, db: t.db }, api.rest);
});

afterEach(() => {
  api.calls.length = 0;
});

afterAll(async () => {
  await client?.destroy();
  await api.close();
});

/** A MESSAGE_CREATE `d` for a DM to the bot, as the gateway delivers it. */
function rawDm(content: string) {
  const id = `19000000000000${String(++sequence).padStart(5, '0')}`;
  return {
    id, channel_id: '1910000000000000001', channel_type: 1, type: 0, content, tts: false, pinned: false,
    author: { ...USER, bot: false }, timestamp: '2026-11-18T15:00:00.000+00:00', edited_timestamp: null,
    mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [], flags: 0,
  };
}

const waitForCalls = (n: number) => vi.waitFor(() => expect(api.calls.length).toBeGreaterThanOrEqual(n), { timeout: 10_000 });

describe('Discord gateway', () => {
  it('answers a DM in place, as a reply that pings nobody', async () => {
    (client as any).actions.MessageCreate.handle(rawDm('who is Acme Industries?'));
    await waitForCalls(1);
    const [call] = api.calls;
    expect(call).toMatchObject({ method: 'POST', path: '/api/v10/channels/1910000000000000001/messages' });
    expect(call!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(call!.body.message_reference).toEqual({ message_id: expect.any(String), fail_if_not_exists: false });
    expect(call!.body.embeds[0].title).toContain('Acme Industries');
    expect(call!.body.flags).toBeUndefined();
  });

  it('posts a report’s figures at once, then edits its chart in when drawn', async () => {
    const boss = { ...USER, id: '1400000000000000078', username: 'dana', global_name: 'Dana Boss' };
    const user = await resolvePlatformUser(t.db, { platform: 'discord', workspaceId: 'dm', platformUserId: boss.id, displayName: 'Dana Boss' });
    await t.db.updateTable('users').set({ role: 'manager' }).where('id', '=', user.id).execute();
    (client as any).actions.MessageCreate.handle({ ...rawDm('pipeline report'), author: { ...boss, bot: false } });
    await waitForCalls(2);
    const [figures, chart] = api.calls;
    expect(figures).toMatchObject({ method: 'POST', path: '/api/v10/channels/1910000000000000001/messages' });
    expect(figures!.files ?? []).toHaveLength(0);
    expect(figures!.body.embeds[0].description).toMatch(/📊 Pipeline/);
    // The mock answers every POST with message id 1800000000000000008: that message is edited.
    expect(chart).toMatchObject({ method: 'PATCH', path: '/api/v10/channels/1910000000000000001/messages/1800000000000000008' });
    expect(chart!.files).toHaveLength(1);
    const file = chart!.files![0]!;
    expect(Buffer.from(await file.blob.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect(chart!.body.embeds.some((e: any) => e.image?.url === `attachment://${file.name}`)).toBe(true);
    expect(chart!.body.embeds[0].description).not.toMatch(/📊/);
    expect(chart!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('neutralises @everyone and user mentions typed into a ticket subject', async () => {
    (client as any).actions.MessageCreate.handle(rawDm('open a ticket for Acme Industries: @everyone the site is down <@123>'));
    await waitForCalls(1);
    const body = JSON.stringify(api.calls[0]!.body);
    expect(body).not.toMatch(/@everyone/);
    expect(body).toContain('@\u200beveryone the site is down \\\\<@123\\\\>');
    expect(api.calls[0]!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('handles INTERACTION_CREATE from the gateway with the same router: callback, then webhook edit', async () => {
    const interaction = slashCommand('lookup', [{ name: 'customer', type: 3, value: 'Acme Industries' }]);
    client.emit('raw', { t: 'INTERACTION_CREATE', d: interaction });
    await waitForCalls(2);
    expect(api.calls.map((c) => [c.method, c.path])).toEqual([
      ['POST', `/api/v10/interactions/${interaction.id}/${interaction.token}/callback`],
      ['PATCH', `/api/v10/webhooks/${APP_ID}/${interaction.token}/messages/@original`],
    ]);
    expect(api.calls[0]!.body).toEqual({ type: 5 });
  });
});

describe('chat messages in servers', () => {
  const message = (over: Partial<ChatMessage>): ChatMessage => ({
    id: '1950000000000000001', channelId: CHANNEL_ID, guildId: GUILD_ID, author: { id: USER.id, bot: false, name: 'Jane Cooper' },
    content: `<@${APP_ID}> tickets for Acme`, mentionedUserIds: [APP_ID], ...over,
  });

  it('reads a mention of the bot, without the mention', () => {
    expect(envelopeFromMessage(message({}), APP_ID)).toEqual({
      platform: 'discord', workspaceId: GUILD_ID, userId: USER.id, userName: 'Jane Cooper', channelId: CHANNEL_ID, isDirect: false,
      eventId: 'message:1950000000000000001', chartsFollow: true, input: { kind: 'message', text: 'tickets for Acme' },
    });
  });

  it('ignores messages that do not mention the bot, and other bots', () => {
    expect(envelopeFromMessage(message({ mentionedUserIds: [], content: 'tickets for Acme' }), APP_ID)).toBeNull();
    expect(envelopeFromMessage(message({ author: { id: '5', bot: true, name: 'Other bot' } }), APP_ID)).toBeNull();
    expect(envelopeFromMessage(message({ content: `<@${APP_ID}>` }), APP_ID)).toBeNull();
  });

  it('sends a private answer by DM and only a pointer to the channel', async () => {
    const secret: Dispatcher = { dispatch: async () => privateReply(text('Your commission: 12%')) };
    await handleChatMessage(message({}), { dispatcher: secret, rest: api.rest, logger: silentLogger, botId: () => APP_ID });
    expect(api.calls.map((c) => [c.method, c.path])).toEqual([
      ['POST', '/api/v10/users/@me/channels'],
      ['POST', '/api/v10/channels/1800000000000000008/messages'],
      ['POST', `/api/v10/channels/${CHANNEL_ID}/messages`],
    ]);
    expect(api.calls[0]!.body).toEqual({ recipient_id: USER.id });
    expect(api.calls[1]!.body.content).toBe('Your commission: 12%');
    expect(api.calls[2]!.body.content).toBe('🔒 I sent you my answer in a DM.');
    expect(JSON.stringify(api.calls[2]!.body)).not.toContain('12%');
  });
});
