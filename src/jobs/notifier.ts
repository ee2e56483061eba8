import type { Writable } from 'node:stream';
import type { DbOrTx } from '../db/database.js';
import type { Platform } from '../crm/users/user.table.js';
import { renderPlainText } from '../reply/render-plain-text.js';
import type { Reply } from '../reply/reply.js';
import { HandOffJobError, PermanentJobError } from './worker.js';

/** Who a proactive message goes to: a CRM user; the adapter finds their DM on its platform. */
export interface NotifyTarget {
  userId: number;
}

/**
 * The delivery port for messages the bot sends first (reminders, summaries). Each adapter
 * implements it (Slack: chat.postMessage to the user's DM; Discord: the user's DM channel).
 *
 * The same logical message always comes with the same `idempotencyKey`, also when a job is
 * retried after a crash between sending and recording the send: an adapter that can remember
 * keys (e.g. in processed_events, or Slack `client_msg_id`-style metadata) should drop repeats.
 * Throwing marks the attempt failed; the queue retries with backoff.
 */
export interface Notifier {
  deliver(target: NotifyTarget, reply: Reply, idempotencyKey: string): Promise<void>;
  /** Posts to a channel (digests, rule notifications). Notifiers without it cannot post. */
  post?(channel: ChannelRef, reply: Reply, idempotencyKey: string): Promise<void>;
}

/** A channel on one platform: Slack C…/D… id (or #name), Discord channel snowflake, 'terminal'. */
export interface ChannelRef {
  platform: Platform;
  /** Slack team id, Discord guild id: needed to find a Discord channel by name. */
  workspaceId: string;
  channelId: string;
}

/** No notifier for the channel's platform in this process: handed off to a process that has one. */
export class NoChannelRouteError extends HandOffJobError {
  constructor(channel: ChannelRef) {
    super(`no ${channel.platform} notifier is running to post to channel ${channel.channelId}`);
    this.name = 'NoChannelRouteError';
  }
}

/** Writes the plain-text rendering to a stream: the terminal bot, and `npm start` without chat. */
export function consoleNotifier(stream: Writable = process.stdout, options: { describe?: (target: NotifyTarget) => string } = {}): Notifier {
  const who = options.describe ?? ((t: NotifyTarget) => `user #${t.userId}`);
  return {
    async deliver(target, reply) {
      const body = renderPlainText(reply);
      await new Promise<void>((resolve, reject) =>
        stream.write(`\n[message for ${who(target)}]\n${body}\n`, (error) => (error ? reject(error) : resolve())),
      );
    },
    async post(channel, reply) {
      const body = renderPlainText(reply);
      await new Promise<void>((resolve, reject) =>
        stream.write(`\n[post in ${channel.platform} channel ${channel.channelId}]\n${body}\n`, (error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

export interface RecordedDelivery {
  /** userId 0 for a channel post (see `channel`). */
  target: NotifyTarget;
  channel?: ChannelRef;
  reply: Reply;
  idempotencyKey: string;
  /** renderPlainText(reply), for assertions. */
  text: string;
}

/** Keeps every delivery (duplicates included, so tests can count them). */
export interface RecordingNotifier extends Notifier {
  readonly deliveries: RecordedDelivery[];
  /** Deliveries for one user. */
  to(userId: number): RecordedDelivery[];
  /** Posts to one channel id. */
  posts(channelId?: string): RecordedDelivery[];
  clear(): void;
}

export function recordingNotifier(): RecordingNotifier {
  const deliveries: RecordedDelivery[] = [];
  return {
    deliveries,
    async deliver(target, reply, idempotencyKey) {
      deliveries.push({ target: { ...target }, reply, idempotencyKey, text: renderPlainText(reply) });
    },
    async post(channel, reply, idempotencyKey) {
      deliveries.push({ target: { userId: 0 }, channel: { ...channel }, reply, idempotencyKey, text: renderPlainText(reply) });
    },
    to: (userId) => deliveries.filter((d) => !d.channel && d.target.userId === userId),
    posts: (channelId) => deliveries.filter((d) => d.channel && (channelId === undefined || d.channel.channelId === channelId)),
    clear: () => void deliveries.splice(0),
  };
}

/** Delivers nothing (throughput measurements). */
export const noopNotifier: Notifier = { deliver: async () => {}, post: async () => {} };

/**
 * Nobody to deliver to: the user has no chat identity on any platform. Permanent, so the job
 * ends at once (dead, with this reason) instead of retrying for minutes. A reminder not
 * delivered stays open and is listed in the owner's next morning summary once they have talked
 * to the bot on a platform.
 */
export class NoRouteError extends PermanentJobError {
  constructor(userId: number) {
    super(`user #${userId} has no chat identity on a platform that can take direct messages`, true);
    this.name = 'NoRouteError';
  }
}

/**
 * The user is on a platform this process does not serve (a Slack-only and a Discord-only bot
 * on one database, or a terminal chat on the production database): handed off, so the job is
 * released for a process that can deliver it rather than ended here.
 */
export class RouteUnavailableError extends HandOffJobError {
  constructor(userId: number, platforms: readonly string[]) {
    super(`user #${userId} is on ${platforms.join(', ')}, which this process does not deliver to`);
    this.name = 'RouteUnavailableError';
  }
}

/**
 * Routes each message to the first platform, in `order`, on which the user has an identity
 * (platform_identities) and for which a notifier is running. A user with no identity at all
 * gets NoRouteError (the job ends, without retries); one whose platforms this process does not
 * serve gets RouteUnavailableError (retried, so another process can take it).
 */
export function notifierByIdentity(
  db: DbOrTx,
  notifiers: Partial<Record<Platform, Notifier>>,
  order: readonly Platform[] = ['slack', 'discord', 'console'],
): Notifier {
  return {
    async deliver(target, reply, idempotencyKey) {
      const rows = await db.selectFrom('platform_identities').select('platform').where('user_id', '=', target.userId).execute();
      const platforms = new Set(rows.map((r) => r.platform));
      const platform = order.find((p) => platforms.has(p) && notifiers[p]);
      if (!platform) throw platforms.size ? new RouteUnavailableError(target.userId, [...platforms]) : new NoRouteError(target.userId);
      await notifiers[platform]!.deliver(target, reply, idempotencyKey);
    },
    async post(channel, reply, idempotencyKey) {
      const notifier = notifiers[channel.platform];
      if (!notifier?.post) throw new NoChannelRouteError(channel);
      await notifier.post(channel, reply, idempotencyKey);
    },
  };
}
