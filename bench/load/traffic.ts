/**
 * What the load sends: a fixed, seeded mix of /crm slash commands and app_mention events, each
 * with a request id that comes back with its reply (the response_url path for a command, the
 * thread_ts for a mention), and Slack's v0 signature over the exact bytes sent.
 */
import { createHmac } from 'node:crypto';
import { mulberry32 } from '../../src/seed/random.js';
import { BOT_USER, TEAM } from './stub-slack.js';

/** Slack user → seeded CRM user (linked before the bot starts); the rest are first-time users. */
export const LINKED_USERS: Record<string, string> = {
  U0SARAH: 'Sarah Chen',
  U0TOM: 'Tom Alvarez',
  U0MARCUS: 'Marcus Reed',
  U0OLIVIA: 'Olivia Bennett',
};
export const NEW_USERS = Array.from({ length: 12 }, (_, i) => `U0LOAD${String(i + 1).padStart(2, '0')}`);
const USERS = [...Object.keys(LINKED_USERS), ...NEW_USERS];
const CHANNELS = ['C0SALES', 'C0SUPPORT', 'C0ACCOUNTS', 'C0GENERAL'];

export function displayNames(): Record<string, string> {
  return { ...LINKED_USERS, ...Object.fromEntries(NEW_USERS.map((id, i) => [id, `Load Tester ${i + 1}`])) };
}

/**
 * Weighted texts; `{id}` is replaced by the request id so a write leaves a findable trace. `as`
 * sends it from that user (team reports are for managers; support has tickets), else users rotate.
 */
type Row = [weight: number, text: string, write: boolean, as?: string];
const COMMANDS: Row[] = [
  [20, 'who is Acme Corp', false],
  [10, 'my open tickets', false, 'U0TOM'],
  [4, 'my open tickets', false],
  [6, 'pipeline report', false, 'U0MARCUS'],
  [2, 'my pipeline', false, 'U0SARAH'],
  [10, 'lookup Jane Cooper', false],
  [6, 'who is Initech', false],
  [8, 'log a note for Acme Corp: load test {id}', true],
  [4, 'open a ticket for Initech: load test {id}', true],
];
const MENTIONS: Row[] = [
  [12, 'who is Contoso', false],
  [8, 'my open tickets', false, 'U0TOM'],
  [4, 'log a note for Fabrikam: load test {id}', true],
];
/** Mentions take this share of new requests; redeliveries by "Slack" make up about RETRY_SHARE of all requests. */
const MENTION_SHARE = 0.3;
export const RETRY_SHARE = 0.05;

export type Kind = 'command' | 'mention' | 'retry';

export interface LoadRequest {
  /** The logical request: a retry carries the id of the event it repeats. */
  id: string;
  kind: Kind;
  write: boolean;
  /** What was asked, before the request id was filled in. */
  text: string;
  /** The raw body, exactly as signed. */
  body: string;
  contentType: string;
  headers: Record<string, string>;
  /** When the mention's thread_ts is the correlation key. */
  threadTs?: string;
}

/** The seed module's deterministic PRNG, so two runs send the same mix. */
export const rng = mulberry32;

function pick(random: () => number, table: Row[]): Row {
  const total = table.reduce((s, [w]) => s + w, 0);
  let r = random() * total;
  for (const row of table) {
    r -= row[0];
    if (r < 0) return row;
  }
  return table[table.length - 1]!;
}

export interface TrafficOptions {
  stubUrl: string;
  signingSecret: string;
  seed?: number;
  /** Prefix of request ids, and the epoch second of mention timestamps: warm-up and measured runs must not share either. */
  prefix?: string;
  epoch?: number;
}

/**
 * An endless source of requests. A mention is redelivered (same event_id and body, with
 * x-slack-retry-num) about a second after its first delivery, as Slack does after a slow ack.
 */
export function createTraffic(options: TrafficOptions) {
  const random = rng(options.seed ?? 1);
  const prefix = options.prefix ?? 'r';
  let seq = 0;
  const retryQueue: Array<{ dueSeq: number; request: LoadRequest }> = [];
  /** thread_ts → request id, for the stub. */
  const threads = new Map<string, string>();

  const sign = (body: string, contentType: string, extra: Record<string, string> = {}): Record<string, string> => {
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', options.signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
    return { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature, ...extra };
  };

  function command(id: string, n: number): LoadRequest {
    const [, text, write, as] = pick(random, COMMANDS);
    const user = as ?? USERS[n % USERS.length]!;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: TEAM,
      team_domain: 'load',
      channel_id: CHANNELS[n % CHANNELS.length]!,
      channel_name: 'sales',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/crm',
      text: text.replace('{id}', id),
      api_app_id: 'A0RAPPORT',
      is_enterprise_install: 'false',
      response_url: `${options.stubUrl}/respond/${encodeURIComponent(id)}`,
      trigger_id: `${n}.738474920.${id}`,
    }).toString();
    const contentType = 'application/x-www-form-urlencoded';
    return { id, kind: 'command', write, text, body, contentType, headers: sign(body, contentType) };
  }

  function mention(id: string, n: number): LoadRequest {
    const [, text, write, as] = pick(random, MENTIONS);
    const user = as ?? USERS[n % USERS.length]!;
    // A unique message ts per request: the reply comes back in its thread.
    const ts = `${(options.epoch ?? 1_700_000_000) + Math.floor(n / 1_000_000)}.${String(n % 1_000_000).padStart(6, '0')}`;
    const threadTs = ts;
    threads.set(threadTs, id);
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: TEAM,
      api_app_id: 'A0RAPPORT',
      event: { type: 'app_mention', user, text: `<@${BOT_USER}> ${text.replace('{id}', id)}`, ts: threadTs, event_ts: threadTs, channel: CHANNELS[n % CHANNELS.length], team: TEAM },
      type: 'event_callback',
      event_id: `Ev${id}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: '4-eyJldCI6ImFwcF9tZW50aW9uIn0',
    });
    const contentType = 'application/json';
    return { id, kind: 'mention', write, text, body, contentType, headers: sign(body, contentType), threadTs };
  }

  return {
    threads,
    /** The next request; `slotsPerSecond` spaces a retry about a second after its original. */
    next(slotsPerSecond: number): LoadRequest {
      const n = seq++;
      const due = retryQueue[0];
      if (due && due.dueSeq <= n) {
        retryQueue.shift();
        const { request } = due;
        // Same body, same event_id; only the retry headers (and a fresh signature) differ.
        return { ...request, kind: 'retry', headers: sign(request.body, request.contentType, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }) };
      }
      const id = `${prefix}${n}`;
      if (random() >= MENTION_SHARE) return command(id, n);
      const request = mention(id, n);
      if (random() < RETRY_SHARE / MENTION_SHARE) retryQueue.push({ dueSeq: n + Math.max(1, Math.round(slotsPerSecond)), request });
      return request;
    },
    /** Retries not yet sent (the run sends them after its last slot so every event gets its repeat). */
    drainRetries(): LoadRequest[] {
      return retryQueue.splice(0).map(({ request }) => ({
        ...request,
        kind: 'retry' as const,
        headers: sign(request.body, request.contentType, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }),
      }));
    },
  };
}

export type Traffic = ReturnType<typeof createTraffic>;
