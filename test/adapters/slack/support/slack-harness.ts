import { createHmac } from 'node:crypto';
import nock from 'nock';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { seedDemo } from '../../../../src/seed/index.js';
import { createDispatcher, type Dispatcher } from '../../../../src/app/dispatcher.js';
import type { Envelope } from '../../../../src/app/envelope.js';
import { createLogger, silentLogger } from '../../../../src/app/logger.js';
import type { Database } from '../../../../src/db/database.js';
import { createUnderstanding } from '../../../../src/intents/llm/understand.js';
import type { Reply } from '../../../../src/reply/reply.js';
import { startSlack, type RunningSlack } from '../../../../adapters/slack/index.js';
import { TEST_NOW } from '../../../support/chat.js';

/** A custom Web API base: proves SLACK_API_URL is honoured, and nothing can leak to slack.com. */
export const SLACK_API = 'https://slack.test';
export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM = 'T0TEAM';
export const BOT_USER = 'U0BOT';

/** SLACK_TEST_LOG=debug shows what Bolt and the adapter do while a test runs. */
const testLogger = process.env.SLACK_TEST_LOG ? createLogger(process.env.SLACK_TEST_LOG) : silentLogger;

/** Counts and records what the real dispatcher was asked and answered. */
export interface SpyDispatcher extends Dispatcher {
  calls: Array<{ envelope: Envelope; reply: Reply | null }>;
  /** The database the dispatcher writes to (the adapter reads customer names from it). */
  db: Kysely<Database>;
}

export function spyDispatcher(db: Kysely<Database>, options: { delayMs?: number } = {}): SpyDispatcher {
  const real = createDispatcher({ db, logger: testLogger, understanding: createUnderstanding({}), now: () => TEST_NOW });
  const calls: SpyDispatcher['calls'] = [];
  return {
    calls,
    db,
    async dispatch(envelope) {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const reply = await real.dispatch(envelope);
      calls.push({ envelope, reply });
      return reply;
    },
  };
}

/** Intercepts the Web API (auth.test, users.info) and blocks every other outside connection. */
export function interceptSlackApi(): nock.Scope {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  return nock(SLACK_API)
    .persist()
    .post('/api/auth.test')
    .reply(200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'rapport', team_id: TEAM, user_id: BOT_USER, bot_id: 'B0BOT' })
    .post('/api/users.info')
    .reply(200, (_uri, body) => {
      const id = String(apiBody(body).user);
      const name = id === 'U0SARAH' ? 'Sarah Chen' : id === 'U0TOM' ? 'Tom Alvarez' : `Person ${id}`;
      return { ok: true, user: { id, team_id: TEAM, name: name.toLowerCase().replace(' ', '.'), real_name: name, profile: { real_name: name, display_name: name.split(' ')[0] } } };
    });
}

export async function startHttpSlack(dispatcher: SpyDispatcher, env: NodeJS.ProcessEnv = {}): Promise<RunningSlack & { url: string }> {
  const slack = await startSlack({
    dispatcher,
    db: dispatcher.db,
    logger: testLogger,
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: '0', SLACK_API_URL: `${SLACK_API}/api/`, ...env },
  });
  return { ...slack, url: `http://127.0.0.1:${slack.port}/slack/events` };
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function signedHeaders(rawBody: string, options: { secret?: string; timestamp?: number; contentType: string }): Record<string, string> {
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
  return { 'content-type': options.contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

export async function postSigned(url: string, rawBody: string, contentType: string, extra: { headers?: Record<string, string>; secret?: string; timestamp?: number } = {}) {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', body: rawBody, headers: { ...signedHeaders(rawBody, { ...extra, contentType }), ...extra.headers } });
  const body = await response.text();
  return { status: response.status, body, ms: Date.now() - started };
}

export const postJson = (url: string, payload: unknown, extra: Parameters<typeof postSigned>[3] = {}) => postSigned(url, JSON.stringify(payload), 'application/json', extra);
export const postForm = (url: string, fields: Record<string, string>, extra: Parameters<typeof postSigned>[3] = {}) =>
  postSigned(url, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', extra);
/** Interactivity payloads arrive as a form with one `payload` field holding the JSON. */
export const postInteraction = (url: string, payload: unknown, extra: Parameters<typeof postSigned>[3] = {}) => postForm(url, { payload: JSON.stringify(payload) }, extra);

let sequence = 0;
export const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${++sequence}`;

/** The documented slash command form fields. */
export function slashCommand(text: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: 'C0SALES',
    channel_name: 'sales',
    user_id: 'U0SARAH',
    user_name: 'sarah.chen',
    command: '/crm',
    text,
    api_app_id: 'A0RAPPORT',
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.test/commands/${TEAM}/${nextId('')}/token`,
    trigger_id: nextId('13345224609.738474920.'),
    ...overrides,
  };
}

/** The documented Events API envelope around an event. */
export function eventCallback(event: Record<string, unknown>, eventId = nextId('Ev0')): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM,
    api_app_id: 'A0RAPPORT',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: '4-eyJldCI6ImFwcF9tZW50aW9uIn0',
  };
}

export function appMention(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user: 'U0SARAH', text, ts: '1700000000.000100', channel: 'C0SALES', team: TEAM, ...extra };
}

/** A documented block_actions payload for a click on a button of a message the bot posted. */
export function blockActions(value: string, options: { user?: string; ephemeral?: boolean; responseUrl: string; messageTs?: string }): Record<string, unknown> {
  const ts = options.messageTs ?? '1700000000.000200';
  return {
    type: 'block_actions',
    user: { id: options.user ?? 'U0SARAH', username: 'sarah.chen', name: 'sarah.chen', team_id: TEAM },
    api_app_id: 'A0RAPPORT',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: 'C0SALES', is_ephemeral: options.ephemeral ?? false },
    trigger_id: nextId('12466734323.1395872398.'),
    team: { id: TEAM, domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C0SALES', name: 'sales' },
    ...(options.ephemeral ? {} : { message: { type: 'message', user: BOT_USER, ts, bot_id: 'B0BOT', text: 'card', blocks: [] } }),
    response_url: options.responseUrl,
    actions: [{ type: 'button', action_id: value, block_id: 'b1', text: { type: 'plain_text', text: 'Undo', emoji: true }, value, action_ts: '1700000001.000000' }],
    state: { values: {} },
  };
}

/** Web API bodies are form-encoded with JSON-encoded blocks: decode both. */
export function apiBody(body: unknown): Record<string, any> {
  const fields: Record<string, any> = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as object) };
  if (typeof fields.blocks === 'string') fields.blocks = JSON.parse(fields.blocks);
  return fields;
}

/** Waits for something asynchronous (work after the ack) without a fixed sleep. */
export async function eventually<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/**
 * The usual file set-up: a small demo company, the Web API intercepted, and one HTTP-mode bot
 * on a spy dispatcher for the whole file. After each test the dispatcher's calls are cleared and
 * interceptors a test left unused are dropped, so they cannot answer the next test's calls.
 */
export function useSeededSlack(t: { readonly db: Kysely<Database> }): { readonly dispatcher: SpyDispatcher; readonly slack: RunningSlack & { url: string } } {
  let dispatcher: SpyDispatcher | undefined;
  let slack: (RunningSlack & { url: string }) | undefined;
  beforeAll(async () => {
    await seedDemo(t.db, { now: TEST_NOW, scale: 0.1 });
    interceptSlackApi();
    dispatcher = spyDispatcher(t.db);
    slack = await startHttpSlack(dispatcher);
  });
  afterEach(() => {
    if (dispatcher) dispatcher.calls.length = 0;
    nock.cleanAll();
    interceptSlackApi();
  });
  afterAll(async () => {
    await slack?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return {
    get dispatcher() {
      if (!dispatcher) throw new Error('useSeededSlack: the bot starts in beforeAll');
      return dispatcher;
    },
    get slack() {
      if (!slack) throw new Error('useSeededSlack: the bot starts in beforeAll');
      return slack;
    },
  };
}
