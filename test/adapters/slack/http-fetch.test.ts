import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../../adapters/slack/http-fetch.js';

/** A real server on loopback: what it was sent, and a scripted answer per path. */
let server: http.Server;
let base: string;
const received: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/api/chat.postMessage') res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"1.2"}');
      else if (req.url === '/respond/limited') res.writeHead(429, { 'retry-after': '7' }).end('rate_limited');
      else if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else if (req.url === '/empty') res.writeHead(204).end();
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
      else res.writeHead(200, { 'set-cookie': ['a=1', 'b=2'] }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const last = () => received[received.length - 1]!;

describe('the fetch the Slack client and respond() use', () => {
  it('posts a JSON reply and reads Slack’s answer as fetch would', async () => {
    const body = JSON.stringify({ channel: 'C1', text: 'Logged a call with Jane — “pricing” ✓' });
    const res = await slackFetch(`${base}/api/chat.postMessage`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: 'Bearer xoxb-1' }, body });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ ok: true, ts: '1.2' });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/chat.postMessage', body });
    expect(last().headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-1', 'content-length': String(Buffer.byteLength(body)) });
  });

  it('hands back a 429 with its Retry-After, so the callers can wait as Slack asks', async () => {
    const res = await slackFetch(`${base}/respond/limited`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toBe('rate_limited');
  });

  it('keeps repeated headers and empty bodies as fetch does', async () => {
    const res = await slackFetch(`${base}/other`, { method: 'POST', body: 'a=b' });
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    const empty = await slackFetch(`${base}/empty`, { method: 'POST', body: '' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('refuses a redirect when asked to (the WebClient sends redirect: error)', async () => {
    await expect(slackFetch(`${base}/moved`, { method: 'POST', body: '{}', redirect: 'error' })).rejects.toThrow(/redirect/);
  });

  it('gives up when its signal aborts (the WebClient’s timeout) and fails like fetch when nobody answers', async () => {
    await expect(slackFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(slackFetch('http://127.0.0.1:9/api/auth.test', { method: 'POST', body: '' })).rejects.toThrow('fetch failed');
  });

  it('leaves a file upload (FormData) to the global fetch, which sends it as multipart', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([137, 80, 78, 71])]), 'chart-1.png');
    const res = await slackFetch(`${base}/upload`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(last().body).toContain('filename="chart-1.png"');
  });
});
