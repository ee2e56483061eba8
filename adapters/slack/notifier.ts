import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/app/logger.js';
import type { DbOrTx } from '../../src/db/database.js';
import { NoRouteError, type ChannelRef, type Notifier, type NotifyTarget } from '../../src/jobs/notifier.js';
import type { Reply } from '../../src/reply/reply.js';
import { renderBlockKit, type BlockKitMessage } from './render-block-kit.js';
import { uploadImages } from './deliver.js';
import { SLACK_RETRY_POLICY } from './index.js';

type WebClient = webApi.WebClient;

export interface SlackNotifierOptions {
  client: WebClient;
  /** Read only: the user's Slack identity (platform_identities). */
  db: DbOrTx;
  logger?: Logger;
}

/**
 * Messages the bot sends first, on Slack: a DM is chat.postMessage to the channel that
 * conversations.open returns for the user (cached per process); a channel post is
 * chat.postMessage to the channel id (or #name, which chat.postMessage accepts). Charts go up
 * with files.uploadV2 beside the message (an upload failure is only logged). Other errors are thrown, so the job queue retries with
 * backoff (the WebClient already waited out 429s). The idempotency key travels as message
 * metadata (event_type rapport_notification), so an operator can spot a repeat after a crash.
 */
export function slackNotifier(options: SlackNotifierOptions): Notifier {
  const { client, db } = options;
  const dmChannels = new Map<string, string>();

  async function slackUserOf(target: NotifyTarget): Promise<string> {
    const identity = await db
      .selectFrom('platform_identities')
      .select('platform_user_id')
      .where('user_id', '=', target.userId)
      .where('platform', '=', 'slack')
      .orderBy('id')
      .executeTakeFirst();
    if (!identity) throw new NoRouteError(target.userId);
    return identity.platform_user_id;
  }

  async function dmChannel(slackUser: string): Promise<string> {
    const cached = dmChannels.get(slackUser);
    if (cached) return cached;
    const opened = await client.conversations.open({ users: slackUser });
    const id = opened.channel?.id;
    if (!id) throw new Error(`conversations.open returned no channel for ${slackUser}`);
    dmChannels.set(slackUser, id);
    return id;
  }

  async function postTo(channel: string, reply: Reply, idempotencyKey: string): Promise<void> {
    const message: BlockKitMessage = renderBlockKit(reply);
    for (const warning of message.warnings) options.logger?.warn({ slack: { channel } }, warning);
    const posted = await client.chat.postMessage({
      channel,
      blocks: message.blocks,
      text: message.text,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: 'rapport_notification', event_payload: { key: idempotencyKey } },
    });
    // Uploads need the channel id (a #name was resolved by chat.postMessage). The message is out
    // by now: a failed chart upload is logged, not retried (a retry would repeat the message).
    const channelId = posted.channel ?? channel;
    try {
      await uploadImages(client, { channel: channelId }, message.images);
    } catch (error) {
      options.logger?.error({ err: error, slack: { channel: channelId } }, 'could not upload the chart to Slack');
    }
  }

  return {
    async deliver(target, reply, idempotencyKey) {
      await postTo(await dmChannel(await slackUserOf(target)), reply, idempotencyKey);
    },
    async post(channel: ChannelRef, reply, idempotencyKey) {
      await postTo(channel.channelId, { ...reply, private: false }, idempotencyKey);
    },
  };
}

/** The Slack notifier for `npm start`: SLACK_BOT_TOKEN (and SLACK_API_URL for a test double), or none. */
export function slackNotifierFromEnv(db: DbOrTx, env: NodeJS.ProcessEnv, logger?: Logger): Notifier | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  const options: webApi.WebClientOptions = { retryConfig: SLACK_RETRY_POLICY };
  if (env.SLACK_API_URL) options.slackApiUrl = env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`;
  return slackNotifier({ client: new webApi.WebClient(env.SLACK_BOT_TOKEN, options), db, logger });
}
