/**
 * A local stand-in for Slack's side of the conversation: the Web API (auth.test, users.info,
 * chat.postMessage, chat.postEphemeral, the file upload calls) under /api/, and the response_url
 * host under /respond/<request id>. Every reply that reaches it is recorded against the request
 * it answers, so the load run can count replies delivered, lost and duplicated.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEAM = 'T0LOAD';
export const BOT_USER = 'U0BOT';

/** How a reply names the request it answers: the response_url path, or the thread of the mention. */
export interface Correlator {
  /** thread_ts of a chat.postMessage/postEphemeral → request id. */
  byThread(threadTs: string): string | undefined;
}

export interface Delivery {
  id: string;
  at: number;
  via: 'response_url' | 'chat.postMessage' | 'chat.postEphemeral';
  text: string;
}

export interface StubSlack {
  url: string;
  /** Replies per request id, in arrival order. */
  replies: Map<string, Delivery[]>;
  /** Replies that named no request we sent (should stay empty). */
  strays: Delivery[];
  /** Messages the bot sent on its own to a user's DM (digests), not replies to a request. */
  directMessages: Delivery[];
  /** Web API calls by method. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

/** `names`: what users.info says each user is called (the dispatcher names first-time users after it). */
export async function startStubSlack(correlator: Correlator, names: Record<string, string> = {}): Promise<StubSlack> {
  const replies = new Map<string, Delivery[]>();
  const strays: Delivery[] = [];
  const directMessages: Delivery[] = [];
  const calls = new Map<string, number>();
  let base = '';

  const record = (id: string | undefined, delivery: Omit<Delivery, 'id' | 'at'>) => {
    const entry = { id: id ?? '?', at: performance.now(), ...delivery };
    if (!id) {
      strays.push(entry);
      return;
    }
    const list = replies.get(id);
    if (list) list.push(entry);
    else replies.set(id, [entry]);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (path.startsWith('/respond/')) {
        const body = parseBody(raw, req.headers['content-type']);
        record(decodeURIComponent(path.slice('/respond/'.length)), { via: 'response_url', text: String(body.text ?? '') });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (path.startsWith('/upload/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
        return;
      }
      const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path;
      calls.set(method, (calls.get(method) ?? 0) + 1);
      const body = parseBody(raw, req.headers['content-type']);
      switch (method) {
        case 'auth.test':
          return json(200, { ok: true, url: 'https://load.slack.test/', team: 'Load', user: 'rapport', team_id: TEAM, user_id: BOT_USER, bot_id: 'B0BOT' });
        case 'users.info': {
          const id = String(body.user ?? '');
          const name = names[id] ?? `Person ${id}`;
          return json(200, { ok: true, user: { id, team_id: TEAM, name: name.toLowerCase().replace(/\s+/g, '.'), real_name: name, profile: { real_name: name, display_name: name } } });
        }
        case 'conversations.open': {
          // The bot's own messages to a user (the overdue digest) go to their DM channel.
          const users = String(body.users ?? '');
          return json(200, { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } });
        }
        case 'chat.postMessage':
        case 'chat.postEphemeral': {
          const thread = String(body.thread_ts ?? '');
          if (!thread && String(body.channel ?? '').startsWith('D')) {
            directMessages.push({ id: String(body.channel), at: performance.now(), via: method, text: String(body.text ?? '') });
            return json(200, { ok: true, channel: body.channel, ts: `${Math.floor(Date.now() / 1000)}.000002` });
          }
          record(correlator.byThread(thread), { via: method, text: String(body.text ?? '') });
          return json(200, { ok: true, channel: body.channel, ts: `${Math.floor(Date.now() / 1000)}.000001`, message_ts: '1.000001' });
        }
        case 'files.getUploadURLExternal':
          return json(200, { ok: true, upload_url: `${base}/upload/${calls.get(method)}`, file_id: `F0${calls.get(method)}` });
        case 'files.completeUploadExternal':
          return json(200, { ok: true, files: [{ id: 'F0', title: 'chart' }] });
        default:
          return json(200, { ok: true });
      }
    });
  });
  // Bolt and the WebClient keep connections alive; so does the stub, as Slack does.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    replies,
    strays,
    directMessages,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
