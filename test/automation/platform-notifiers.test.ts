import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { discordNotifier } from '../../adapters/discord/notifier.js';
import { slackNotifier } from '../../adapters/slack/notifier.js';
import { reminderReply } from '../../src/jobs/reminders/deliver-reminder.js';
import { ruleReply } from '../../src/jobs/automations/rules.js';
import { useTestDatabase } from '../support/test-db.js';
import { mockDiscordApi } from '../adapters/discord/discord-fixtures.js';
import { addUser } from '../jobs/jobs-fixtures.js';

const t = useTestDatabase();
const SLACK = 'https://slack.test';

afterEach(() => {
  nock.cleanAll();
});

const reminder = (ownerId: number) =>
  reminderReply({ id: 7, owner_id: ownerId, text: 'call Jane', due_at: new Date('2026-11-18T14:00:00Z') }, 'Acme Corp', 'America/New_York', new Date('2026-11-18T14:00:00Z'));

describe('Slack notifier', () => {
  it('opens the user’s DM once (conversations.open) and posts Block Kit with chat.postMessage; channel posts go straight to the channel', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    await t.db.insertInto('platform_identities').values({ platform: 'slack', workspace_id: 'T1', platform_user_id: 'U0ANN', user_id: ann.id }).execute();
    const opened: unknown[] = [];
    const posted: Array<Record<string, string>> = [];
    nock(SLACK)
      .post('/api/conversations.open', (body) => (opened.push(body), true))
      .reply(200, { ok: true, channel: { id: 'D0ANN' } })
      .post('/api/chat.postMessage', (body) => (posted.push(body), true))
      .times(3)
      .reply(200, { ok: true, channel: 'D0ANN', ts: '1.1' });
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: `${SLACK}/api/`, retryConfig: { retries: 0 } });
    const notifier = slackNotifier({ client, db: t.db });
    await notifier.deliver({ userId: ann.id }, reminder(ann.id), 'reminder:7:a');
    await notifier.deliver({ userId: ann.id }, reminder(ann.id), 'reminder:7:b');
    await notifier.post!({ platform: 'slack', workspaceId: 'T1', channelId: 'C0SUPPORT' }, ruleReply({ id: 3, event: 'urgent_ticket', channel_label: '#support' }, ['Urgent ticket #4 down']), 'rule.notify:3:1-1');
    expect(opened).toEqual([{ users: 'U0ANN' }]);
    expect(posted.map((p) => p.channel)).toEqual(['D0ANN', 'D0ANN', 'C0SUPPORT']);
    const blocks = JSON.parse(posted[0]!.blocks!) as Array<{ type: string; elements?: Array<{ text: { text: string } }> }>;
    expect(blocks.find((b) => b.type === 'actions')!.elements!.map((e) => e.text.text)).toEqual(['Done', 'Snooze 1 day', 'Snooze 1 week']);
    expect(posted[0]!.text).toContain('Reminder: call Jane at Acme Corp');
    expect(JSON.parse(posted[2]!.metadata!)).toEqual({ event_type: 'rapport_notification', event_payload: { key: 'rule.notify:3:1-1' } });
    expect(nock.isDone()).toBe(true);
  });

  it('a Slack error is thrown, so the job is retried', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    await t.db.insertInto('platform_identities').values({ platform: 'slack', workspace_id: 'T1', platform_user_id: 'U0ANN', user_id: ann.id }).execute();
    nock(SLACK).post('/api/conversations.open').reply(200, { ok: false, error: 'user_not_found' });
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: `${SLACK}/api/`, retryConfig: { retries: 0 } });
    await expect(slackNotifier({ client, db: t.db }).deliver({ userId: ann.id }, reminder(ann.id), 'k')).rejects.toThrow(/user_not_found/);
  });
});

describe('Discord notifier', () => {
  it('opens a DM with POST /users/@me/channels, then posts the message; channel posts go to /channels/{id}/messages', async () => {
    const api = mockDiscordApi();
    try {
      const ann = await addUser(t.db, { name: 'Ann' });
      await t.db.insertInto('platform_identities').values({ platform: 'discord', workspace_id: 'g1', platform_user_id: '1400000000000000004', user_id: ann.id }).execute();
      const notifier = discordNotifier({ rest: api.rest, db: t.db });
      await notifier.deliver({ userId: ann.id }, reminder(ann.id), 'reminder:7:2026-11-18T14:00:00.000Z');
      await notifier.deliver({ userId: ann.id }, reminder(ann.id), 'reminder:8:x');
      await notifier.post!({ platform: 'discord', workspaceId: 'g1', channelId: '1300000000000000003' }, ruleReply({ id: 3, event: 'deal_won', channel_label: '#sales' }, ['Acme renewal']), 'k');
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        'POST /api/v10/users/@me/channels',
        'POST /api/v10/channels/1800000000000000008/messages',
        'POST /api/v10/channels/1800000000000000008/messages',
        'POST /api/v10/channels/1300000000000000003/messages',
      ]);
      expect(api.calls[0]!.body).toEqual({ recipient_id: '1400000000000000004' });
      const dm = api.calls[1]!.body as { content: string; flags?: number; nonce: string; enforce_nonce: boolean; components: Array<{ components: Array<{ label: string }> }> };
      expect(dm.content).toContain('Reminder: call Jane at Acme Corp');
      expect(dm.flags).toBeUndefined();
      expect(dm.nonce.length).toBeLessThanOrEqual(25);
      expect(dm.enforce_nonce).toBe(true);
      expect(dm.components[0]!.components.map((c) => c.label)).toEqual(['Done', 'Snooze 1 day', 'Snooze 1 week']);
      expect((api.calls[3]!.body as { content: string }).content).toContain('🏆 Deal won: Acme renewal');
      // A channel typed by name (#sales) is found in the guild's channel list, once.
      api.agent
        .get('https://discord.test')
        .intercept({ path: '/api/v10/guilds/1200000000000000002/channels', method: 'GET' })
        .reply(200, [{ id: '1300000000000000009', name: 'general', type: 0 }, { id: '1300000000000000010', name: 'sales', type: 0 }], { headers: { 'content-type': 'application/json' } });
      const sales = { platform: 'discord' as const, workspaceId: '1200000000000000002', channelId: '#sales' };
      await notifier.post!(sales, ruleReply({ id: 3, event: 'deal_won', channel_label: '#sales' }, ['One']), 'k2');
      await notifier.post!(sales, ruleReply({ id: 3, event: 'deal_won', channel_label: '#sales' }, ['Two']), 'k3');
      expect(api.calls.slice(4).map((c) => `${c.method} ${c.path}`)).toEqual([
        'POST /api/v10/channels/1300000000000000010/messages',
        'POST /api/v10/channels/1300000000000000010/messages',
      ]);
    } finally {
      await api.close();
    }
  });
});

describe('Discord rate limits', () => {
  it('a 429 on posting is waited out and the message posted once, so the job is not failed or repeated', async () => {
    const limited: number[] = [];
    const api = mockDiscordApi({
      before: (pool) =>
        pool
          .intercept({ path: '/api/v10/channels/1300000000000000003/messages', method: 'POST' })
          .reply(() => {
            limited.push(Date.now());
            // As Discord documents a per-route limit: JSON body with retry_after in seconds, plus headers.
            return {
              statusCode: 429,
              data: { message: 'You are being rate limited.', retry_after: 0.4, global: false },
              responseOptions: {
                headers: {
                  'content-type': 'application/json', 'retry-after': '1', 'x-ratelimit-scope': 'user', 'x-ratelimit-limit': '5',
                  'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.4', 'x-ratelimit-bucket': 'a06de6a0f4c1c8b3',
                },
              },
            };
          }),
    });
    try {
      const notifier = discordNotifier({ rest: api.rest, db: t.db });
      const started = Date.now();
      await notifier.post!({ platform: 'discord', workspaceId: 'g1', channelId: '1300000000000000003' }, ruleReply({ id: 3, event: 'deal_won', channel_label: '#sales' }, ['Acme renewal']), 'rule.notify:3:1-1');
      expect(limited).toHaveLength(1);
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v10/channels/1300000000000000003/messages']);
      expect((api.calls[0]!.body as { content: string }).content).toContain('🏆 Deal won: Acme renewal');
      // The retry came after the wait Discord asked for, not at once.
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    } finally {
      await api.close();
    }
  });
});

describe('a digest through the Slack notifier', () => {
  it('posts the pipeline digest to #sales once at its time, and uploads its chart to the channel id Slack answered with', async () => {
    const { createDigest } = await import('../../src/jobs/automations/digests.js');
    const { automationFor, testClock } = await import('../jobs/jobs-fixtures.js');
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await addUser(t.db, { name: 'Marcus Reed', role: 'manager', timeZone: 'America/New_York' });
    const customer = await t.db.insertInto('customers').values({ name: 'Acme Corp' } as never).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('deals').values([
      { customer_id: customer.id, title: 'Acme renewal', amount: '50000.00', stage: 'proposal', owner_id: marcus.id },
      { customer_id: customer.id, title: 'Acme expansion', amount: '20000.00', stage: 'negotiation', owner_id: marcus.id },
    ]).execute();
    await createDigest(t.db, {
      platform: 'slack', workspaceId: 'T1', channelId: '#sales', channelLabel: '#sales', report: 'pipeline', createdBy: marcus.id, now: clock.now(),
      schedule: { frequency: 'weekly', weekday: 1, time: '09:00', timeZone: 'America/New_York' },
    });
    const posted: Array<Record<string, string>> = [];
    const completed: Array<Record<string, string>> = [];
    nock(SLACK)
      .post('/api/chat.postMessage', (body) => (posted.push(body), true))
      .reply(200, { ok: true, channel: 'C0SALES', ts: '1.1' })
      .post('/api/files.getUploadURLExternal')
      .reply(200, { ok: true, upload_url: 'https://files.slack.test/upload/v1/X', file_id: 'F0CHART' })
      .post('/api/files.completeUploadExternal', (body) => (completed.push(body), true))
      .reply(200, { ok: true, files: [{ id: 'F0CHART' }] });
    nock('https://files.slack.test').post('/upload/v1/X').reply(200, 'OK');
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: `${SLACK}/api/`, retryConfig: { retries: 0 } });
    const { worker } = automationFor(t.db, clock, { notifier: slackNotifier({ client, db: t.db }) });
    clock.set('2026-11-23T14:00:00Z'); // Monday 09:00 EST
    await worker.runOnce();
    await worker.runOnce();
    expect(posted.map((p) => p.channel)).toEqual(['#sales']);
    expect(posted[0]!.text).toContain('Pipeline digest');
    expect(completed.map((c) => c.channel_id)).toEqual(['C0SALES']);
    expect(nock.isDone()).toBe(true);
  });
});
