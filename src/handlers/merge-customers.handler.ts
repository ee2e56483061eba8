import { resolveCustomer } from '../crm/customers/customer.service.js';
import type { CustomerCandidate } from '../crm/customers/customer-search.js';
import type { Customer } from '../crm/customers/customer.table.js';
import { actions, button, context, reply, text } from '../reply/reply.js';
import { customerFor } from './common/pick.js';
import { mergePreview, mergeValue } from './customers/merge-preview.js';
import { defineHandler, type HandlerContext, type HandlerResult } from './handler.js';

const bare = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The target by name. "Acme Inc" and "Acme Inc." compare equal once suffixes are dropped, so two
 * similar records tie; the one spelled as typed (punctuation aside) wins the tie. Several still
 * close: one button per candidate, each leading straight to the preview of that pair (the
 * source is already settled, and a pick can only hold one customer).
 */
async function targetFor(ctx: HandlerContext, query: string, source: Customer): Promise<{ ok: true; value: Customer } | { ok: false; result: HandlerResult }> {
  const resolution = await resolveCustomer(ctx.db, query);
  if (resolution.kind === 'match') return { ok: true, value: resolution.customer };
  const options: CustomerCandidate[] = (resolution.kind === 'ambiguous' ? resolution.candidates : resolution.suggestions).filter((c) => c.customer.id !== source.id);
  const spelled = options.filter((c) => bare(c.customer.name) === bare(query));
  if (resolution.kind === 'ambiguous' && spelled.length === 1) return { ok: true, value: spelled[0]!.customer };
  if (resolution.kind === 'ambiguous' && options.length === 1) return { ok: true, value: options[0]!.customer };
  const buttons = options.slice(0, 5).map((c) =>
    button(`${c.customer.name}${c.customer.domain ? ` (${c.customer.domain})` : ''}`, {
      verb: 'customer.merge_preview', value: mergeValue(source.id, c.customer.id), forUserId: ctx.actor.id,
    }),
  );
  const question = resolution.kind === 'ambiguous'
    ? text(`Which “${query}” should ${source.name} be merged into?`)
    : text(`I couldn’t find a customer matching “${query}” to merge ${source.name} into.${buttons.length ? ' Did you mean one of these?' : ''}`, 'warning');
  return { ok: false, result: { reply: reply(question, ...(buttons.length ? [actions(...buttons)] : []), context('Nothing has changed yet.')) } };
}

/**
 * "merge Acme Inc into Acme Corp": resolves both names (an ambiguous source asks for a pick as
 * everywhere else), checks the actor may merge them, and shows what would move with a Merge
 * button. Nothing is written here: the button (customer.merge) does the merge, with an Undo.
 */
export const mergeCustomersHandler = defineHandler({
  intent: 'merge_customers',
  writes: false,
  async handle(ctx, { slots, picked }) {
    const source = await customerFor(ctx, slots.source, picked);
    if (!source.ok) return source.result;
    const target = await targetFor(ctx, slots.target, source.value);
    if (!target.ok) return target.result;
    return mergePreview(ctx, source.value, target.value);
  },
});
