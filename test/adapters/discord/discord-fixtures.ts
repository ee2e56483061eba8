import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { REST } from 'discord.js';
import { MockAgent } from 'undici';

/** Real-shaped raw interaction payloads (INTERACTION_CREATE `d` / the HTTP body), as Discord sends them. */
export const APP_ID = '1100000000000000001';
export const GUILD_ID = '1200000000000000002';
export const CHANNEL_ID = '1300000000000000003';
export const USER = { id: '1400000000000000004', username: 'jane', global_name: 'Jane Cooper', discriminator: '0', avatar: null };
export const OTHER_USER = { id: '1400000000000000099', username: 'mallory', global_name: 'Mallory', discriminator: '0', avatar: null };
export const API = 'https://discord.test';

let sequence = 0;
const snowflake = () => `15${String(Date.now()).slice(-10)}${String(++sequence).padStart(7, '0')}`;

type DiscordUser = typeof USER;

function base(type: number, user: DiscordUser = USER) {
  const id = snowflake();
  return {
    id,
    application_id: APP_ID,
    type,
    token: `tok_${id}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, name: 'sales', guild_id: GUILD_ID },
    member: { user, nick: null, roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '0' },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
  };
}

export interface RawOption {
  name: string;
  type: number;
  value?: string | number;
  focused?: boolean;
  options?: RawOption[];
}

export function slashCommand(name: string, options: RawOption[] = [], user?: DiscordUser) {
  return { ...base(2, user), data: { id: '1600000000000000006', name, type: 1, options } };
}

export function autocomplete(name: string, options: RawOption[]) {
  return { ...base(4), data: { id: '1600000000000000006', name, type: 1, options } };
}

export function buttonClick(customId: string, user?: DiscordUser, values?: string[]) {
  return {
    ...base(3, user),
    message: { id: '1700000000000000007', channel_id: CHANNEL_ID, type: 20, content: '', embeds: [], components: [], author: { id: APP_ID, username: 'Rapport', discriminator: '0', avatar: null, bot: true } },
    data: values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 },
  };
}

export function modalSubmit(customId: string, value: string) {
  return {
    ...base(5),
    message: { id: '1700000000000000007', channel_id: CHANNEL_ID, type: 20, content: '', embeds: [], components: [] },
    data: { custom_id: customId, components: [{ type: 1, components: [{ type: 4, custom_id: 'text', value }] }] },
  };
}

/** A fresh application key pair; `publicKeyHex` is what the Developer Portal shows. */
export function testKeys(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(-32).toString('hex'), privateKey };
}

export function signedHeaders(privateKey: KeyObject, body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
}

export interface RecordedFile {
  field: string;
  name: string;
  type: string;
  blob: Blob;
}

export interface RecordedCall {
  method: string;
  path: string;
  body: any;
  files?: RecordedFile[];
}

/**
 * discord.js REST on an undici MockAgent (nock cannot see it): every webhook call Discord would
 * receive is recorded and answered; any other request fails the test (no network).
 */
export function mockDiscordApi(options: {
  /** Registers interceptors that answer first (undici takes the first match), e.g. a 429. */
  before?: (pool: ReturnType<MockAgent['get']>) => void;
} = {}): { rest: REST; agent: MockAgent; calls: RecordedCall[]; close(): Promise<void> } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const calls: RecordedCall[] = [];
  const pool = agent.get(API);
  options.before?.(pool);
  for (const method of ['PATCH', 'POST', 'DELETE', 'PUT']) {
    pool
      .intercept({ path: (p) => p.startsWith('/api/v10/'), method })
      .reply((options) => {
        const path = decodeURIComponent(options.path);
        const body: unknown = options.body;
        let text = '';
        if (body instanceof FormData) {
          // A message with files: multipart with payload_json and files[n], as Discord documents it.
          const files: RecordedFile[] = [];
          body.forEach((value, key) => {
            if (key.startsWith('files[') && value instanceof Blob) files.push({ field: key, name: (value as File).name, type: value.type, blob: value });
          });
          calls.push({ method, path, body: safeJson(String(body.get('payload_json') ?? '')), files });
        } else {
          text = typeof body === 'string' ? body : body ? Buffer.from(body as Uint8Array).toString() : '';
          calls.push({ method, path, body: text ? safeJson(text) : undefined });
        }
        if (method === 'DELETE') return { statusCode: 204, data: '' };
        // PUT of commands answers with the saved set; everything else with a created message or channel.
        const data = method === 'PUT' ? text : { id: '1800000000000000008' };
        return { statusCode: 200, data, responseOptions: { headers: { 'content-type': 'application/json' } } };
      })
      .persist();
  }
  const rest = new REST({ api: `${API}/api`, version: '10', agent: agent as never, retries: 0 }).setToken('test-bot-token');
  return { rest, agent, calls, close: () => agent.close() };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
