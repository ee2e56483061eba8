import { mergeCounts, mergeRefusal, type MergeCounts } from '../../crm/customers/merge.js';
import type { Customer } from '../../crm/customers/customer.table.js';
import { actions, button, context, fields, header, privateReply, reply, text } from '../../reply/reply.js';
import { forbiddenReply } from '../common/replies.js';
import { plural } from '../common/format.js';
import type { HandlerContext, HandlerResult } from '../handler.js';

/** Button values of merge actions: `<sourceId>><targetId>`, both database ids. */
export const mergeValue = (sourceId: number, targetId: number): string => `${sourceId}>${targetId}`;

export function parseMergeValue(value: string): { sourceId: number; targetId: number } | null {
  const m = /^(\d{1,10})>(\d{1,10})$/.exec(value);
  if (!m) return null;
  const sourceId = Number(m[1]);
  const targetId = Number(m[2]);
  if (sourceId <= 0 || targetId <= 0 || sourceId > 2_147_483_647 || targetId > 2_147_483_647) return null;
  return { sourceId, targetId };
}

const LABELS: Array<[keyof MergeCounts, string, string]> = [
  ['contacts', 'contact', 'Contacts'], ['activities', 'activity', 'Activities'], ['deals', 'deal', 'Deals'], ['tickets', 'ticket', 'Tickets'],
  ['orders', 'order', 'Orders'], ['reminders', 'reminder', 'Reminders'], ['campaignMemberships', 'campaign membership', 'Campaign memberships'],
];

/** "2 contacts, 5 activities and 1 deal", or "nothing" when the source has no records. */
export function describeCounts(counts: MergeCounts): string {
  const parts = LABELS.filter(([k]) => counts[k] > 0).map(([k, one, many]) => plural(counts[k], one, many.toLowerCase()));
  if (parts.length === 0) return 'no records';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

const FILLED: Array<[keyof Customer, string]> = [['email', 'email'], ['phone', 'phone'], ['domain', 'website'], ['industry', 'industry'], ['owner_id', 'owner']];

/** What a merge would do, with a Merge button; or the refusal when the actor may not merge these two. */
export async function mergePreview(ctx: HandlerContext, source: Customer, target: Customer): Promise<HandlerResult> {
  if (source.id === target.id) {
    return { reply: reply(text(`“${source.name}” and “${target.name}” are the same customer (#${source.id}), so there is nothing to merge.`, 'warning')) };
  }
  const refusal = mergeRefusal(ctx.actor, source, target);
  if (refusal) return { reply: forbiddenReply(refusal) };
  const counts = await mergeCounts(ctx.db, source.id);
  const filled = FILLED.filter(([k]) => target[k] === null && source[k] !== null).map(([, label]) => label);
  return {
    reply: privateReply(
      header(`Merge ${source.name} into ${target.name}?`),
      fields(
        { label: 'Keep', value: `${target.name} (#${target.id}${target.domain ? `, ${target.domain}` : ''})` },
        { label: 'Remove', value: `${source.name} (#${source.id}${source.domain ? `, ${source.domain}` : ''})` },
        ...LABELS.map(([k, , many]) => ({ label: many, value: String(counts[k]) })),
      ),
      text(`${describeCounts(counts)} move to ${target.name}; ${source.name} is then removed.`),
      context(
        filled.length
          ? `${target.name} keeps its own details and takes ${source.name}’s ${filled.join(', ')} where it has none. Undo puts everything back.`
          : `${target.name} keeps its own details. Undo puts everything back.`,
      ),
      actions(
        button('Merge', { verb: 'customer.merge', value: mergeValue(source.id, target.id), forUserId: ctx.actor.id }, 'primary'),
        button('Cancel', { verb: 'cancel', value: 'merge', forUserId: ctx.actor.id }),
      ),
    ),
  };
}
