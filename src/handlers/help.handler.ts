import { context, header, list, reply, text, type Block } from '../reply/reply.js';
import { EXAMPLES, GROUPS } from './common/examples.js';
import { defineHandler } from './handler.js';

export const helpHandler = defineHandler({
  intent: 'help',
  writes: false,
  async handle(ctx, { slots }) {
    const topic = slots.topic?.toLowerCase();
    const groups = GROUPS.filter((g) => g.roles.includes(ctx.actor.role)).filter(
      (g) => !topic || g.title.toLowerCase().includes(topic) || g.intents.some((i) => i.includes(topic)),
    );
    const shown = groups.length ? groups : GROUPS.filter((g) => g.roles.includes(ctx.actor.role));
    const blocks: Block[] = [header('What I can do'), text(`Write to me the way you would to a colleague. As ${ctx.actor.role}, you can:`)];
    for (const group of shown) {
      blocks.push(text(group.title), list(group.intents.flatMap((i) => EXAMPLES[i]).map((e) => `“${e}”`)));
    }
    blocks.push(context('Dates like “next Tuesday”, “end of month” or “Q3” work everywhere. Buttons under my replies (Undo, Close, pick one) do what they say.'));
    return { reply: reply(...blocks) };
  },
});
