import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { insertCustomer } from '../../../src/crm/customers/customer.repository.js';
import { resolvePlatformUser } from '../../../src/crm/users/user.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { SLACK_API, eventually, postForm, slashCommand, spyDispatcher, startHttpSlack, useSeededSlack } from './support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });
const bot = useSeededSlack(t);

/** Intercepts one response_url POST and hands back its JSON body. */
function expectResponse(responseUrl: string): { body: () => Record<string, any> | undefined; scope: nock.Scope } {
  const url = new URL(responseUrl);
  let body: Record<string, any> | undefined;
  const scope = nock(url.origin)
    .post(url.pathname, (b) => {
      body = b as Record<string, any>;
      return true;
    })
    .reply(200, 'ok');
  return { body: () => body, scope };
}

describe('the /crm slash command over signed HTTP', () => {
  it('acks at once with an empty body and posts the reply to the response_url', async () => {
    const form = slashCommand('lookup Acme Corp');
    const response = expectResponse(form.response_url!);
    const res = await postForm(bot.slack.url, form);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const body = await eventually(response.body);
    expect(body.response_type).toBe('in_channel');
    expect(body.replace_original).toBe(false);
    expect(JSON.stringify(body.blocks)).toContain('Acme Corp');
    expect(typeof body.text).toBe('string');
    expect(bot.dispatcher.calls[0]!.envelope).toMatchObject({
      platform: 'slack',
      workspaceId: 'T0TEAM',
      userId: 'U0SARAH',
      channelId: 'C0SALES',
      eventId: `command:${form.trigger_id}`,
      input: { kind: 'message', text: 'lookup Acme Corp' },
    });
  });

  it('acks within Slack’s 3 seconds even when the dispatcher is slow', async () => {
    const slow = spyDispatcher(t.db, { delayMs: 3500 });
    const slowSlack = await startHttpSlack(slow);
    try {
      const form = slashCommand('help');
      const response = expectResponse(form.response_url!);
      const res = await postForm(slowSlack.url, form);
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3000); // Slack’s deadline
      expect(response.body()).toBeUndefined();
      const body = await eventually(response.body, 15_000);
      expect(JSON.stringify(body.blocks)).toMatch(/What I can do/);
    } finally {
      await slowSlack.stop();
    }
  });

  it('answers a private reply ephemerally', async () => {
    // Sales people are refused team reports, privately.
    const form = slashCommand('revenue this month');
    const response = expectResponse(form.response_url!);
    await postForm(bot.slack.url, form);
    const body = await eventually(response.body);
    expect(bot.dispatcher.calls[0]!.reply?.private).toBe(true);
    expect(body.response_type).toBe('ephemeral');
  });

  it('renders a customer named <!channel> escaped, so nobody is pinged', async () => {
    await insertCustomer(t.db, { name: '<!channel> & <@U0BOSS> Holdings' });
    // Slack sends typed angle brackets and ampersands as entities.
    const form = slashCommand('lookup &lt;!channel&gt; &amp; &lt;@U0BOSS&gt; Holdings');
    const response = expectResponse(form.response_url!);
    await postForm(bot.slack.url, form);
    const body = await eventually(response.body);
    // The card's title is a plain_text header, which Slack never parses for mentions.
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '<!channel> & <@U0BOSS> Holdings', emoji: true } });
    // Everything Slack does parse (mrkdwn and the notification text) carries it escaped.
    const mrkdwn = JSON.stringify(body.blocks, (_k, v) => (v?.type === 'plain_text' ? undefined : v));
    expect(mrkdwn).not.toMatch(/<!channel>|<@U0BOSS>/);
    expect(body.text).toContain('&lt;!channel&gt; &amp; &lt;@U0BOSS&gt; Holdings');
    expect(body.text).not.toMatch(/<!channel>|<@U0BOSS>/);
  });

  it('refuses a bad signature and a stale timestamp with 401 and dispatches nothing', async () => {
    const forged = await postForm(bot.slack.url, slashCommand('help'), { secret: 'not-the-secret' });
    const stale = await postForm(bot.slack.url, slashCommand('help'), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const unsigned = await fetch(bot.slack.url, { method: 'POST', body: 'text=help', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(bot.dispatcher.calls).toHaveLength(0);
  });

  it('serves GET /healthz beside the Slack endpoint', async () => {
    const res = await fetch(bot.slack.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
  it('uploads a report’s chart into the channel the command was typed in', async () => {
    const boss = await resolvePlatformUser(t.db, { platform: 'slack', workspaceId: 'T0TEAM', platformUserId: 'U0BOSS', displayName: 'Dana Boss' });
    await t.db.updateTable('users').set({ role: 'manager' }).where('id', '=', boss.id).execute();
    const form = slashCommand('pipeline report', { user_id: 'U0BOSS' });
    const response = expectResponse(form.response_url!);
    const uploads: { filename?: string; length?: number; bytes?: number; complete?: Record<string, any> } = {};
    const api = nock(SLACK_API)
      .post('/api/files.getUploadURLExternal', (b) => {
        const body = b as Record<string, string>;
        uploads.filename = body.filename;
        uploads.length = Number(body.length);
        return true;
      })
      .reply(200, { ok: true, upload_url: 'https://files.slack.test/upload/v1/ABC123', file_id: 'F0CHART' })
      .post('/api/files.completeUploadExternal', (b) => {
        uploads.complete = b as Record<string, any>;
        return true;
      })
      .reply(200, { ok: true, files: [{ id: 'F0CHART', title: 'Pipeline' }] });
    const storage = nock('https://files.slack.test')
      .post('/upload/v1/ABC123', (b) => {
        uploads.bytes = Buffer.byteLength(typeof b === 'string' ? b : JSON.stringify(b));
        return true;
      })
      .reply(200, 'OK - 1234');
    await postForm(bot.slack.url, form);
    const body = await eventually(response.body);
    expect(body.response_type, body.text).toBe('in_channel');
    await eventually(() => uploads.complete, 15_000);
    expect(api.isDone() && storage.isDone()).toBe(true);
    expect(uploads.filename).toMatch(/\.png$/);
    expect(uploads.length).toBeGreaterThan(1000);
    expect(uploads.complete!.channel_id).toBe(form.channel_id);
    expect(JSON.parse(uploads.complete!.files)[0].id).toBe('F0CHART');
  });
});
