import { findDuplicatePairs, type DuplicatePair } from '../crm/customers/duplicates.js';
import { actions, button, context, header, reply, text, type Block } from '../reply/reply.js';
import { mergeValue } from './customers/merge-preview.js';
import { defineHandler, type HandlerContext } from './handler.js';

/** A chat reply is read, not scrolled: the CLI (`rapport duplicates`) lists more. */
const SHOWN = 8;

const mayMerge = (ctx: HandlerContext, pair: DuplicatePair): boolean =>
  ctx.actor.role === 'admin' || ctx.actor.role === 'manager' || (pair.keep.ownerId === ctx.actor.id && pair.duplicate.ownerId === ctx.actor.id);

const label = (side: DuplicatePair['keep']) => `${side.name} (#${side.id}${side.domain ? `, ${side.domain}` : ''})`;

/**
 * "find duplicates", "duplicates of Acme": likely duplicate pairs, best first, each with its
 * confidence and reasons and, for whoever may merge them, a Merge button (newer into older)
 * that shows what would move before anything does.
 */
export const findDuplicatesHandler = defineHandler({
  intent: 'find_duplicates',
  writes: false,
  async handle(ctx, { slots }) {
    const pairs = await findDuplicatePairs(ctx.db, { query: slots.query, limit: SHOWN + 1 });
    const about = slots.query ? ` among customers like “${slots.query}”` : '';
    if (pairs.length === 0) return { reply: reply(text(`I found no likely duplicate customers${about}.`, 'success')) };
    const blocks: Block[] = [header(`Likely duplicate customers${about}`)];
    for (const pair of pairs.slice(0, SHOWN)) {
      blocks.push(
        text(`${pair.confidence} (${pair.score.toFixed(2)}): ${label(pair.keep)} and ${label(pair.duplicate)}`, pair.confidence === 'high' ? 'warning' : 'normal'),
        context(pair.reasons.join('; ')),
      );
      if (mayMerge(ctx, pair)) {
        blocks.push(actions(button(`Merge ${pair.duplicate.name} into ${pair.keep.name}`, {
          verb: 'customer.merge_preview', value: mergeValue(pair.duplicate.id, pair.keep.id), forUserId: ctx.actor.id,
        })));
      }
    }
    if (pairs.length > SHOWN) blocks.push(context('More pairs: `rapport duplicates` on the command line, or ask for the duplicates of one name.'));
    blocks.push(context('Or say “merge <name> into <name>”: the second one is kept.'));
    return { reply: reply(...blocks) };
  },
});
