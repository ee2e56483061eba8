import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../adapters/slack/index.js';
import { silentLogger } from '../../../src/app/logger.js';
import { useTestDatabase } from '../../support/test-db.js';
import { apiBody, appMention, eventCallback, eventually, interceptSlackApi, SLACK_API, spyDispatcher } from './support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });

/**
 * A stand-in for Slack's Socket Mode server on localhost: apps.connections.open (intercepted)
 * hands out its ws:// URL, it says hello, pushes an Events API envelope, and records the acks.
 */
let wss: WebSocketServer;
let socket: WebSocket | undefined;
const received: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-test', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0RAPPORT' } }));
  });
  interceptSlackApi();
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Socket Mode', () => {
  it('is chosen when SLACK_APP_TOKEN is set: events arrive over the socket, are acked by envelope id, and answered', async () => {
    const { port } = wss.address() as AddressInfo;
    // The handshake goes to SLACK_API_URL too, so a proxy or a fake Slack sees every call.
    const handshake = nock(SLACK_API)
      .post('/api/apps.connections.open')
      .reply(200, { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=test` });
    const posts: Array<Record<string, any>> = [];
    nock(SLACK_API)
      .post('/api/chat.postMessage', (b) => {
        posts.push(apiBody(b));
        return true;
      })
      .reply(200, { ok: true, channel: 'C0SALES', ts: '1700000000.000990' });

    const dispatcher = spyDispatcher(t.db);
    let slack: RunningSlack | undefined;
    try {
      slack = await startSlack({
        dispatcher,
        db: t.db,
        logger: silentLogger,
        env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', PORT: '0', SLACK_API_URL: `${SLACK_API}/api` },
      });
      expect(handshake.isDone()).toBe(true);
      await eventually(() => socket);
      socket!.send(
        JSON.stringify({
          envelope_id: 'env-1',
          payload: eventCallback(appMention('<@U0BOT> help', { ts: '1700000000.000123' })),
          type: 'events_api',
          accepts_response_payload: false,
          retry_attempt: 0,
          retry_reason: '',
        }),
      );
      await eventually(() => received.find((m) => m.envelope_id === 'env-1'));
      const [post] = await eventually(() => posts.length > 0 && posts);
      expect(post).toMatchObject({ channel: 'C0SALES', thread_ts: '1700000000.000123' });
      expect(dispatcher.calls[0]!.envelope.input).toEqual({ kind: 'message', text: 'help' });
    } finally {
      await slack?.stop();
    }
  });
});
