import { getCustomer } from '../../crm/customers/customer.service.js';
import { mergeCustomers } from '../../crm/customers/merge.js';
import { inTransaction } from '../../db/transaction.js';
import { reply, text } from '../../reply/reply.js';
import { describeCounts, mergePreview, parseMergeValue } from '../customers/merge-preview.js';
import { undoActions } from '../customers/undo-button.js';
import type { HandlerResult } from '../handler.js';
import type { ActionMap } from './action-types.js';

const unreadable = (): HandlerResult => ({ reply: reply(text('I could not read that button. Please ask again.', 'warning')) });

export const mergeActions: ActionMap = {
  /** "Merge B into A" under a duplicates list, or a target picked: show what would move first. */
  'customer.merge_preview': {
    kind: 'job',
    writes: false,
    async handle(ctx, value) {
      const ids = parseMergeValue(value);
      if (!ids) return unreadable();
      return mergePreview(ctx, await getCustomer(ctx.db, ids.sourceId), await getCustomer(ctx.db, ids.targetId));
    },
  },

  /** The confirmed merge: one transaction with its audit entry; the service checks permission. */
  'customer.merge': {
    kind: 'job',
    writes: true,
    async handle(ctx, value) {
      const ids = parseMergeValue(value);
      if (!ids) return unreadable();
      const merged = await inTransaction(ctx.db, (tx) => mergeCustomers(tx, { ...ids, actor: ctx.actor, now: ctx.now() }));
      const auditId = await ctx.audit({
        action: 'customer.merge',
        entity: 'customer',
        entityId: merged.target.id,
        before: merged.record,
        after: { sourceId: merged.source.id, sourceName: merged.source.name, targetId: merged.target.id, moved: merged.moved },
      });
      return {
        reply: reply(
          text(`Merged ${merged.source.name} into ${merged.target.name}: ${describeCounts(merged.moved)} moved over.`, 'success'),
          undoActions(ctx, auditId),
        ),
        remember: { customer: { id: merged.target.id, name: merged.target.name } },
      };
    },
  },
};
