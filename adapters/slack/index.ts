import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import type { Logger } from '../../src/app/logger.js';
import type { Database } from '../../src/db/database.js';
import { boltLogger } from './bolt-logger.js';
import { createCustomerDirectory } from './customers.js';
import { createSender } from './deliver.js';
import { registerListeners } from './listeners/index.js';
import { responseUrlFetch } from './response-url-fetch.js';
import { slackFetch } from './http-fetch.js';
import { createUserDirectory } from './user-directory.js';

export interface CustomRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface SlackDeps {
  dispatcher: Dispatcher;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Read only, for the modals' customer picker and pre-fill; every write goes through the dispatcher. */
  db: Kysely<Database>;
  customRoutes?: CustomRoute[];
}

export interface RunningSlack {
  stop(): Promise<void>;
  /** The HTTP port actually bound (HTTP mode, or Socket Mode serving custom routes). */
  port?: number;
}

/**
 * Replies are conversational: one that arrives half an hour late confuses more than it helps.
 * So a few retries over about a minute (429s wait their Retry-After on top), not the WebClient's
 * default ten retries over thirty minutes.
 */
export const SLACK_RETRY_POLICY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 20_000, randomize: true };

/** Starts the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT with the signing secret. */
export async function startSlack(deps: SlackDeps): Promise<RunningSlack> {
  const { env } = deps;
  const token = required(env, 'SLACK_BOT_TOKEN');
  const logger = boltLogger(deps.logger);
  const slackApiUrl = env.SLACK_API_URL ? (env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`) : 'https://slack.com/api/';
  // Bolt's respond() uses this fetch too: its posts to a response_url are retried (response-url-fetch.ts),
  // and string bodies go over node:http rather than undici's fetch (http-fetch.ts).
  const clientOptions: webApi.WebClientOptions = { retryConfig: SLACK_RETRY_POLICY, logger, slackApiUrl, fetch: responseUrlFetch(slackApiUrl, slackFetch) };

  // auth.test up front: a wrong token fails start-up with a clear message, not the first event.
  const auth = await new webApi.WebClient(token, clientOptions).auth.test().catch((error: unknown) => {
    throw new Error(`Slack rejected SLACK_BOT_TOKEN (auth.test: ${(error as { data?: { error?: string } }).data?.error ?? String(error)})`);
  });
  const identity = { botId: auth.bot_id, botUserId: auth.user_id };
  const routes = [...(deps.customRoutes ?? []), healthRoute];
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);

  // convoStore off: Bolt's in-memory conversation store would be read on every event, but
  // conversation state lives in the database (shared by every bot process), not in Bolt.
  const common = { token, ...identity, logger, clientOptions, customRoutes: routes, convoStore: false } as const;
  const app = env.SLACK_APP_TOKEN
    ? new App({ ...common, appToken: env.SLACK_APP_TOKEN, socketMode: true, installerOptions: { port } })
    : new App({ ...common, signingSecret: required(env, 'SLACK_SIGNING_SECRET') });
  app.error(async (error) => {
    deps.logger.error({ err: error, code: (error as { code?: string }).code }, 'Slack listener failed');
  });
  registerListeners(app, {
    dispatcher: deps.dispatcher,
    sender: createSender(app.client, deps.logger),
    users: createUserDirectory(app.client, deps.logger),
    customers: createCustomerDirectory(deps.db),
    logger: deps.logger,
  });

  if (env.SLACK_APP_TOKEN) {
    await app.start();
    deps.logger.info({ mode: 'socket', bot: auth.user_id }, 'Slack connected over Socket Mode');
    // Socket Mode serves /healthz and the custom routes on PORT; with PORT=0 the bound port is Bolt's secret.
    return { stop: () => app.stop() as Promise<void>, port: port === 0 ? undefined : port };
  }
  const server = (await app.start(port)) as Server;
  const bound = (server.address() as AddressInfo).port;
  deps.logger.info({ mode: 'http', port: bound, bot: auth.user_id }, 'Slack listening on POST /slack/events');
  return { stop: () => app.stop() as Promise<void>, port: bound };
}

const healthRoute: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
};

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set (see adapters/slack/README.md)`);
  return value;
}
