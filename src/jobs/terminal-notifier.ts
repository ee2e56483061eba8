import type { Reply } from '../reply/reply.js';
import { RouteUnavailableError, type Notifier } from './notifier.js';

/**
 * The terminal chat as a notifier: messages for the person at the terminal (and posts to any
 * channel: the terminal is the only one) are printed into the chat once it is listening.
 * Messages for other users cannot be shown here: their jobs are retried, so a bot serving their
 * platform on the same database can deliver them.
 */
export function terminalNotifier(userId: number): { notifier: Notifier; attach: (speak: (reply: Reply) => Promise<void>) => void } {
  let speak: ((reply: Reply) => Promise<void>) | undefined;
  const say = async (reply: Reply) => {
    if (!speak) throw new Error('the terminal chat is not listening yet');
    await speak(reply);
  };
  return {
    attach: (fn) => {
      speak = fn;
    },
    notifier: {
      async deliver(target, reply) {
        if (target.userId !== userId) throw new RouteUnavailableError(target.userId, ['another terminal']);
        await say(reply);
      },
      async post(_channel, reply) {
        await say(reply);
      },
    },
  };
}
