import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { discordInteractionsRoute, startDiscordGateway } from '../../adapters/discord/index.js';
import { startSlack, type CustomRoute } from '../../adapters/slack/index.js';
import type { App } from '../app/bootstrap.js';
import { discordNotifierFromEnv } from '../../adapters/discord/notifier.js';
import { slackNotifierFromEnv } from '../../adapters/slack/notifier.js';
import { startAutomation } from '../jobs/automation.js';
import { notifierByIdentity } from '../jobs/notifier.js';

/** Which platforms the environment configures; `npm start` runs the terminal chat when none. */
export function configuredPlatforms(env: NodeJS.ProcessEnv) {
  return {
    slack: Boolean(env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET)),
    discordHttp: Boolean(env.DISCORD_PUBLIC_KEY && env.DISCORD_APPLICATION_ID),
    discordGateway: Boolean(env.DISCORD_TOKEN),
  };
}

export interface RunningPlatforms {
  /** What started, for the start-up banner. */
  started: string[];
  stop(): Promise<void>;
}

/**
 * Starts every configured platform on one process: Slack (Socket Mode or HTTP), Discord HTTP
 * interactions on the same server as Slack's HTTP receiver (or a server of their own on PORT
 * when Slack is not there), and the Discord gateway. Stops what started if a later one fails.
 */
export async function servePlatforms(app: App, env: NodeJS.ProcessEnv): Promise<RunningPlatforms> {
  const want = configuredPlatforms(env);
  const deps = { dispatcher: app.dispatcher, logger: app.logger, env, db: app.database.db };
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => app.logger.warn({ err: error }, 'stopping a platform failed'));
  };
  try {
    const routes: CustomRoute[] = [];
    if (want.discordHttp) {
      const route = discordInteractionsRoute(deps);
      routes.push(route);
      stops.push(() => route.drain());
    }
    if (want.slack) {
      const slack = await startSlack({ ...deps, customRoutes: routes });
      stops.push(() => slack.stop());
      started.push(`Slack (${env.SLACK_APP_TOKEN ? 'Socket Mode' : `HTTP on port ${slack.port}`})`);
      if (routes.length) started.push(`Discord interactions on port ${slack.port} at /discord/interactions`);
    } else if (routes.length) {
      const port = await listen(routes, Number(env.PORT || 3000));
      stops.push(port.close);
      started.push(`Discord interactions on port ${port.port} at /discord/interactions`);
    }
    if (want.discordGateway) {
      const gateway = await startDiscordGateway(deps);
      stops.push(() => gateway.stop());
      started.push('Discord gateway');
    }
    // Reminders, summaries, digests and rule notifications: the bot speaks first (src/jobs).
    const db = app.database.db;
    const notifiers = { slack: slackNotifierFromEnv(db, env, app.logger), discord: discordNotifierFromEnv(db, env) };
    if (!notifiers.slack && !notifiers.discord) app.logger.warn('no Slack or Discord bot token: reminders and digests cannot be delivered');
    const automation = startAutomation({ db, logger: app.logger, notifier: notifierByIdentity(db, notifiers, ['slack', 'discord']) });
    stops.push(() => automation.stop());
    started.push('automation (reminders, digests, notifications)');
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { started, stop: stopAll };
}

async function listen(routes: CustomRoute[], port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
