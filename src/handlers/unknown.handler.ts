import { context, list, reply, text } from '../reply/reply.js';
import { closestIntents } from './common/examples.js';
import { defineHandler } from './handler.js';

/** The dispatcher passes the original message as `message` so suggestions fit what was asked. */
export function unknownReply(message: string) {
  const suggestions = closestIntents(message).map((s) => `“${s.example}”`);
  return reply(
    text('Sorry, I didn’t understand that. Did you mean one of these?'),
    list(suggestions),
    context('Type “help” to see everything I can do.'),
  );
}

export const unknownHandler = defineHandler({
  intent: 'unknown',
  writes: false,
  async handle(ctx) {
    return { reply: unknownReply(ctx.message ?? '') };
  },
});
