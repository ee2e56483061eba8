import { describe, expect, it } from 'vitest';
import { responseUrlFetch, retryAfterMs } from '../../../adapters/slack/response-url-fetch.js';

const API = 'https://slack.test/api/';
const HOOK = 'https://hooks.slack.test/commands/T0/1/x';

/** A fetch that answers from a script and records the calls, and a sleep that records waits. */
function scripted(answers: Array<number | [number, Record<string, string>] | Error>) {
  const calls: string[] = [];
  const waits: number[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    calls.push(String(input));
    const next = answers.shift() ?? 200;
    if (next instanceof Error) throw next;
    const [status, headers] = typeof next === 'number' ? [next, {}] : next;
    return new Response(status === 200 ? 'ok' : 'nope', { status, headers });
  }) as typeof fetch;
  const retry = { delaysMs: [1000, 2000, 4000, 8000], maxRetryAfterMs: 30_000, sleep: async (ms: number) => void waits.push(ms) };
  return { calls, waits, fetch: responseUrlFetch(API, fetchFn, retry) };
}

const post = (f: typeof fetch, url = HOOK, body: unknown = '{"text":"hi"}') =>
  f(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body as string });

describe('posting to a response_url', () => {
  it('waits as long as a 429 asks, then delivers', async () => {
    const s = scripted([[429, { 'Retry-After': '7' }], 200]);
    expect((await post(s.fetch)).status).toBe(200);
    expect(s.waits).toEqual([7000]);
  });

  it('backs off 1, 2, 4, 8 s over 5xx and dropped connections, then gives Slack’s last answer', async () => {
    const s = scripted([502, new TypeError('fetch failed'), 503, 500, 504]);
    expect((await post(s.fetch)).status).toBe(504);
    expect(s.waits).toEqual([1000, 2000, 4000, 8000]);
    expect(s.calls).toHaveLength(5);
  });

  it('does not retry an expired response_url (404)', async () => {
    const s = scripted([404]);
    expect((await post(s.fetch)).status).toBe(404);
    expect(s.calls).toHaveLength(1);
  });

  it('caps a very long Retry-After', async () => {
    const s = scripted([[429, { 'Retry-After': '3600' }], 200]);
    await post(s.fetch);
    expect(s.waits).toEqual([30_000]);
  });

  it('leaves Web API calls and uploads to their own retry policy', async () => {
    const api = scripted([429]);
    expect((await post(api.fetch, `${API}chat.postMessage`)).status).toBe(429);
    const upload = scripted([503]);
    expect((await post(upload.fetch, 'https://files.slack.test/upload/v1/abc', new Blob(['png']))).status).toBe(503);
    expect(api.waits).toEqual([]);
    expect(upload.waits).toEqual([]);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Sat, 05 Dec 2026 08:00:10 GMT', Date.parse('2026-12-05T08:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
