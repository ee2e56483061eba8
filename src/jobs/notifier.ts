import type { Writable } from 'node:stream';
import type { DbOrTx } from '../db/database.js';
import type { Platform } from '../crm/users/user.table.js';
import { renderPlainText } from '../reply/render-plain-text.js';
import type { Reply } from '../reply/reply.js';

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
  };
}

export interface RecordedDelivery {
  target: NotifyTarget;
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
  clear(): void;
}

export function recordingNotifier(): RecordingNotifier {
  const deliveries: RecordedDelivery[] = [];
  return {
    deliveries,
    async deliver(target, reply, idempotencyKey) {
      deliveries.push({ target: { ...target }, reply, idempotencyKey, text: renderPlainText(reply) });
    },
    to: (userId) => deliveries.filter((d) => d.target.userId === userId),
    clear: () => void deliveries.splice(0),
  };
}

/** Delivers nothing (throughput measurements). */
export const noopNotifier: Notifier = { deliver: async () => {} };

export class NoRouteError extends Error {
  constructor(userId: number) {
    super(`user #${userId} has no chat identity on a platform that can take direct messages`);
    this.name = 'NoRouteError';
  }
}

/**
 * Routes each message to the first platform, in `order`, on which the user has an identity
 * (platform_identities) and for which a notifier is running. With no route it throws, so the
 * job is retried (an identity may be linked later) and ends dead with the reason.
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
      if (!platform) throw new NoRouteError(target.userId);
      await notifiers[platform]!.deliver(target, reply, idempotencyKey);
    },
  };
}
