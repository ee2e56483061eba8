import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../support/test-db.js';
import {
  apiBody,
  appMention,
  eventCallback,
  eventually,
  postJson,
  settle,
  SLACK_API,
  useSeededSlack,
} from './support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });
const bot = useSeededSlack(t);

/** Records every chat.postMessage / chat.postEphemeral body, answering as Slack documents. */
function recordPosts(method: 'chat.postMessage' | 'chat.postEphemeral', times = 1): Array<Record<string, any>> {
  const seen: Array<Record<string, any>> = [];
  nock(SLACK_API)
    .post(`/api/${method}`, (body) => {
      seen.push(apiBody(body));
      return true;
    })
    .times(times)
    .reply(200, method === 'chat.postMessage' ? { ok: true, channel: 'C0SALES', ts: '1700000000.000900', message: { text: '' } } : { ok: true, message_ts: '1700000000.000901' });
  return seen;
}

describe('Slack events over signed HTTP', () => {
  it('answers an @mention in its thread, with the mention stripped', async () => {
    const posts = recordPosts('chat.postMessage');
    const res = await postJson(bot.slack.url, eventCallback(appMention('<@U0BOT> lookup Acme Corp')));
    expect(res.status).toBe(200);
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post).toMatchObject({ channel: 'C0SALES', thread_ts: '1700000000.000100', unfurl_links: 'false' });
    expect(JSON.stringify(post!.blocks)).toContain('Acme Corp');
    expect(bot.dispatcher.calls[0]!.envelope).toMatchObject({ userId: 'U0SARAH', userName: 'Sarah Chen', threadId: '1700000000.000100', input: { kind: 'message', text: 'lookup Acme Corp' } });
  });

  it('stays in an existing thread when mentioned inside one', async () => {
    const posts = recordPosts('chat.postMessage');
    await postJson(bot.slack.url, eventCallback(appMention('<@U0BOT> help', { ts: '1700000000.000500', thread_ts: '1700000000.000001' })));
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post!.thread_ts).toBe('1700000000.000001');
  });

  it('handles an event Slack delivers twice (x-slack-retry-num) once, with one postMessage', async () => {
    const posts = recordPosts('chat.postMessage', 2);
    const payload = eventCallback(appMention('<@U0BOT> open a ticket for Acme Corp: printer jammed'));
    await postJson(bot.slack.url, payload);
    await eventually(() => posts.length > 0);
    const retry = await postJson(bot.slack.url, payload, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await eventually(() => bot.dispatcher.calls.length === 2);
    await settle();
    expect(posts).toHaveLength(1);
    expect(bot.dispatcher.calls.map((c) => c.reply === null)).toEqual([false, true]);
    const tickets = await t.db.selectFrom('tickets').select('subject').where('subject', 'like', 'printer jammed%').execute();
    expect(tickets).toHaveLength(1);
  });

  it('answers a direct message in the DM, not ephemerally even when the reply is private', async () => {
    const posts = recordPosts('chat.postMessage');
    const dm = { type: 'message', channel_type: 'im', channel: 'D0SARAH', user: 'U0SARAH', text: 'revenue this month', ts: '1700000000.000300' };
    await postJson(bot.slack.url, eventCallback(dm));
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post!.channel).toBe('D0SARAH');
    expect(post!.thread_ts).toBeUndefined();
    expect(bot.dispatcher.calls[0]!.envelope).toMatchObject({ isDirect: true, threadId: undefined });
  });

  it('ignores bot messages, edits and other subtypes in DMs', async () => {
    const base = { type: 'message', channel_type: 'im', channel: 'D0SARAH', ts: '1700000000.000400' };
    await postJson(bot.slack.url, eventCallback({ ...base, bot_id: 'B0OTHER', user: 'U0OTHERBOT', text: 'beep' }));
    await postJson(bot.slack.url, eventCallback({ ...base, subtype: 'message_changed', message: { text: 'help' } }));
    await postJson(bot.slack.url, eventCallback({ ...base, subtype: 'channel_join', user: 'U0SARAH', text: 'joined' }));
    await postJson(bot.slack.url, eventCallback({ ...base, user: 'U0BOT', text: 'my own reply' }));
    await settle();
    expect(bot.dispatcher.calls).toHaveLength(0);
  });

  it('sends a private reply to a mention as an ephemeral message in the thread', async () => {
    const posts = recordPosts('chat.postEphemeral');
    await postJson(bot.slack.url, eventCallback(appMention('<@U0BOT> revenue this month')));
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post).toMatchObject({ channel: 'C0SALES', user: 'U0SARAH', thread_ts: '1700000000.000100' });
    expect(JSON.stringify(post!.blocks)).toMatch(/Team reports are for managers/);
  });

  it('retries a 429 from chat.postMessage after Retry-After, and the reply still arrives', async () => {
    const rateLimited = nock(SLACK_API).post('/api/chat.postMessage').reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    const posts = recordPosts('chat.postMessage');
    const started = Date.now();
    await postJson(bot.slack.url, eventCallback(appMention('<@U0BOT> help', { ts: '1700000000.000700' })));
    const [post] = await eventually(() => posts.length > 0 && posts, 20_000);
    expect(rateLimited.isDone()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(post!.thread_ts).toBe('1700000000.000700');
  });
});
