import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIInteraction, REST } from 'discord.js';
import type { Kysely } from 'kysely';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import type { Logger } from '../../src/app/logger.js';
import type { Database } from '../../src/db/database.js';
import { createDiscordRest, interactionWebhook } from './discord-rest.js';
import { routeInteraction, type InteractionPlan } from './interaction-router.js';
import { ed25519PublicKey, isValidDiscordSignature } from './verify-signature.js';

export interface DiscordDeps {
  dispatcher: Dispatcher;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  db: Kysely<Database>;
}

export interface DiscordRouteOptions {
  /** A ready REST client (tests pass one on an undici MockAgent); default: from env. */
  rest?: REST;
}

// Interactions are a few kB; anything far larger is not from Discord.
const MAX_BODY = 256 * 1024;

/**
 * POST /discord/interactions: Discord's HTTP delivery of slash commands, clicks and forms, so
 * any number of stateless instances can answer without a gateway connection. Verify, answer at
 * once (PONG, autocomplete, or a deferral), then follow up through the interaction webhook.
 */
export function discordInteractionsRoute(deps: DiscordDeps, options: DiscordRouteOptions = {}) {
  const publicKeyHex = deps.env.DISCORD_PUBLIC_KEY;
  if (!publicKeyHex) throw new Error('DISCORD_PUBLIC_KEY is not set: copy it from the Developer Portal (General Information)');
  const key = ed25519PublicKey(publicKeyHex);
  const rest = options.rest ?? createDiscordRest(deps.env);
  const log = deps.logger.child({ adapter: 'discord-http' });
  const inFlight = new Set<Promise<void>>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
    const body = await readBody(req);
    if (!body) return send(res, 413, { error: 'body too large' });
    if (!isValidDiscordSignature(key, body, req.headers['x-signature-ed25519'], req.headers['x-signature-timestamp'])) {
      return send(res, 401, { error: 'invalid request signature' });
    }
    let raw: APIInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      return send(res, 400, { error: 'invalid JSON' });
    }
    const plan = await routeInteraction(raw, { ...deps, logger: log });
    // Follow up only once the deferral has left: editing @original before it exists fails.
    send(res, 200, plan.response, () => followUp(raw, plan));
  }

  function followUp(raw: APIInteraction, plan: InteractionPlan): void {
    if (!plan.followUp) return;
    const applicationId = deps.env.DISCORD_APPLICATION_ID || raw.application_id;
    const work = plan.followUp(interactionWebhook(rest, applicationId, raw.token)).catch((error: unknown) => {
      log.error({ err: error, interaction: raw.id }, 'discord follow-up failed');
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  return {
    path: '/discord/interactions' as const,
    method: 'POST' as const,
    handler(req: IncomingMessage, res: ServerResponse): void {
      handle(req, res).catch((error: unknown) => {
        log.error({ err: error }, 'discord interaction failed');
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
    },
    /** Resolves when every follow-up started so far has finished (graceful shutdown, tests). */
    async drain(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Over the cap the rest is read and dropped, so that the 413 can still be sent.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, done?: () => void): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json, done);
}
