/**
 * Slack answering 429 or 5xx when the bot posts a reply: the reply is retried (after Retry-After
 * for a 429) and arrives once; nothing is dropped. The 429 on chat.postMessage after an
 * @mention is covered in test/adapters/slack/events.test.ts; this adds the other surfaces.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/test-db.js';
import {
  apiBody,
  appMention,
  eventCallback,
  eventually,
  postForm,
  postJson,
  settle,
  SLACK_API,
  slashCommand,
  useSeededSlack,
} from '../adapters/slack/support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });
const bot = useSeededSlack(t);

/** Each attempt in order, as `status` (what Slack answered); the successful body is kept. */
function slackAnswers(origin: string, path: string, statuses: Array<{ status: number; headers?: Record<string, string> }>, ok: unknown) {
  const attempts: number[] = [];
  /** When each attempt arrived (ms), to see the wait Slack asked for. */
  const at: number[] = [];
  const bodies: Array<Record<string, any>> = [];
  const scope = nock(origin);
  for (const { status, headers } of statuses) {
    scope.post(path).reply(() => {
      attempts.push(status);
      at.push(Date.now());
      return [status, status === 429 ? { ok: false, error: 'ratelimited' } : 'upstream connect error', headers ?? {}];
    });
  }
  scope.post(path).reply((_uri, body) => {
    attempts.push(200);
    at.push(Date.now());
    bodies.push(apiBody(body));
    return [200, ok];
  });
  return { attempts, at, bodies };
}

const posted = { ok: true, channel: 'C0SALES', ts: '1700000000.000900', message: { text: '' } };

describe('replies through the Web API', () => {
  it('retries chat.postMessage after a 503 and a 500, and the reply arrives once', async () => {
    const slackApi = slackAnswers(SLACK_API, '/api/chat.postMessage', [{ status: 503 }, { status: 500 }], posted);
    await postJson(bot.slack.url, eventCallback(appMention('<@U0BOT> open a ticket for Acme Corp: kiosk frozen', { ts: '1700000000.000810' })));
    await eventually(() => slackApi.bodies.length > 0, 30_000);
    await settle();
    expect(slackApi.attempts).toEqual([503, 500, 200]);
    expect(slackApi.bodies).toHaveLength(1);
    expect(JSON.stringify(slackApi.bodies[0]!.blocks)).toMatch(/Opened ticket #\d+ for Acme Corp: kiosk frozen/);
    expect(await t.db.selectFrom('tickets').select('id').where('subject', '=', 'kiosk frozen').execute()).toHaveLength(1);
  });

  it('retries a rate-limited chat.postEphemeral after its Retry-After', async () => {
    const slackApi = slackAnswers(SLACK_API, '/api/chat.postEphemeral', [{ status: 429, headers: { 'Retry-After': '1' } }], { ok: true, message_ts: '1700000000.000901' });
    await postJson(bot.slack.url, eventCallback(appMention('<@U0BOT> revenue this month', { ts: '1700000000.000820' })));
    await eventually(() => slackApi.bodies.length > 0, 30_000);
    expect(slackApi.attempts).toEqual([429, 200]);
    expect(JSON.stringify(slackApi.bodies[0]!.blocks)).toMatch(/Team reports are for managers/);
  });
});

describe('replies through a slash command’s response_url', () => {
  const hooks = (form: Record<string, string>) => {
    const url = new URL(form.response_url!);
    return { origin: url.origin, path: url.pathname };
  };

  it('retries a 502 from the response_url, so the confirmation of a committed write is not lost', async () => {
    const form = slashCommand('open a ticket for Acme Corp: webcam flickers');
    const { origin, path } = hooks(form);
    const hook = slackAnswers(origin, path, [{ status: 502 }], 'ok');
    await postForm(bot.slack.url, form);
    await eventually(() => hook.bodies.length > 0, 30_000);
    await settle();
    expect(hook.attempts).toEqual([502, 200]);
    expect(JSON.stringify(hook.bodies[0]!.blocks)).toMatch(/Opened ticket #\d+ for Acme Corp: webcam flickers/);
    expect(await t.db.selectFrom('tickets').select('id').where('subject', '=', 'webcam flickers').execute()).toHaveLength(1);
  });

  it('retries a 429 from the response_url after the Retry-After Slack sent', async () => {
    const form = slashCommand('lookup Acme Corp');
    const { origin, path } = hooks(form);
    const hook = slackAnswers(origin, path, [{ status: 429, headers: { 'Retry-After': '3' } }], 'ok');
    await postForm(bot.slack.url, form);
    await eventually(() => hook.bodies.length > 0, 30_000);
    expect(hook.attempts).toEqual([429, 200]);
    // 3 s as asked, not the 1 s the bot waits after a 5xx.
    expect(hook.at[1]! - hook.at[0]!).toBeGreaterThanOrEqual(2900);
    expect(JSON.stringify(hook.bodies[0]!.blocks)).toContain('Acme Corp');
  });

  it('does not retry a response_url Slack has expired (404): retrying cannot help', async () => {
    const form = slashCommand('lookup Acme Corp');
    const { origin, path } = hooks(form);
    const attempts: number[] = [];
    nock(origin).post(path).times(3).reply(() => {
      attempts.push(404);
      return [404, 'expired_url'];
    });
    await postForm(bot.slack.url, form);
    await eventually(() => attempts.length > 0);
    await settle(1500);
    expect(attempts).toEqual([404]);
  });
});
