import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { resolvePlatformUser } from '../../../src/crm/users/user.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { pngSize } from '../../charts/png-helpers.js';
import { SLACK_API, eventually, postForm, settle, slashCommand, useSeededSlack } from './support/slack-harness.js';

// On Slack a report's message goes out as soon as its figures are ready; the chart, drawn
// meanwhile, is uploaded when it is done. Here the drawing is held until the test lets it go.

const held = vi.hoisted(() => {
  const state = { requested: 0, release: () => {}, released: Promise.resolve() };
  return {
    state,
    hold() {
      state.requested = 0;
      state.released = new Promise<void>((resolve) => (state.release = resolve));
    },
  };
});

vi.mock('../../../src/charts/chart-pool.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/charts/chart-pool.js')>();
  return {
    ...actual,
    drawChart: async (...args: Parameters<typeof actual.drawChart>) => {
      held.state.requested++;
      await held.state.released;
      return actual.drawChart(...args);
    },
  };
});

const t = useTestDatabase({ truncateEachTest: false });
const bot = useSeededSlack(t);

describe('a report with a chart on Slack', () => {
  it('posts the figures before the chart is drawn, then uploads the chart into the channel', async () => {
    const boss = await resolvePlatformUser(t.db, { platform: 'slack', workspaceId: 'T0TEAM', platformUserId: 'U0BOSS', displayName: 'Dana Boss' });
    await t.db.updateTable('users').set({ role: 'manager' }).where('id', '=', boss.id).execute();
    held.hold();
    const form = slashCommand('pipeline report', { user_id: 'U0BOSS' });
    const url = new URL(form.response_url!);
    let message: Record<string, any> | undefined;
    nock(url.origin)
      .post(url.pathname, (b) => {
        message = b as Record<string, any>;
        return true;
      })
      .reply(200, 'ok');
    const upload: { length?: number; channel?: string } = {};
    nock(SLACK_API)
      .post('/api/files.getUploadURLExternal', (b) => {
        upload.length = Number((b as Record<string, string>).length);
        return true;
      })
      .reply(200, { ok: true, upload_url: 'https://files.slack.test/upload/v1/F0LATE', file_id: 'F0LATE' })
      .post('/api/files.completeUploadExternal', (b) => {
        upload.channel = (b as Record<string, string>).channel_id;
        return true;
      })
      .reply(200, { ok: true, files: [{ id: 'F0LATE', title: 'Pipeline' }] });
    nock('https://files.slack.test').post('/upload/v1/F0LATE').reply(200, 'OK');

    await postForm(bot.slack.url, form);
    // The message is in the channel while the chart is still held back.
    const body = await eventually(() => message);
    expect(held.state.requested).toBe(1);
    expect(body.response_type).toBe('in_channel');
    expect(JSON.stringify(body.blocks)).toMatch(/Pipeline/);
    expect(JSON.stringify(body.blocks)).toContain('chart attached below');
    await settle(200);
    expect(upload.length).toBeUndefined();

    held.state.release();
    await eventually(() => upload.channel, 15_000);
    expect(upload.channel).toBe(form.channel_id);
    expect(upload.length).toBeGreaterThan(1000);
  });

  it('waits for the chart where it cannot follow the message (App Home, the terminal, Discord)', async () => {
    held.hold();
    let done = false;
    // The same question without chartsFollow, as those adapters ask it.
    const replied = bot.dispatcher.dispatch({
      platform: 'slack',
      workspaceId: 'T0TEAM',
      userId: 'U0BOSS',
      channelId: 'C0SALES',
      eventId: `test:${Date.now()}`,
      input: { kind: 'message', text: 'pipeline report' },
    }).then((r) => {
      done = true;
      return r;
    });
    await eventually(() => held.state.requested > 0);
    await settle(300);
    expect(done).toBe(false);
    held.state.release();
    const reply = await replied;
    const image = reply?.blocks.find((b) => b.type === 'image');
    expect(image?.type === 'image' && image.drawing).toBeUndefined();
    expect(image?.type === 'image' && image.png && pngSize(image.png)).toEqual({ width: 1600, height: 900 });
  });
});
