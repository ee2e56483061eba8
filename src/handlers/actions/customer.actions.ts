import { notFound } from '../../app/errors.js';
import { permissionFor } from '../../app/permissions.js';
import { findReminderById } from '../../crm/reminders/reminder.repository.js';
import { markReminderDone, snoozeReminder } from '../../crm/reminders/reminder.service.js';
import { reply, text } from '../../reply/reply.js';
import { formatInstant } from '../common/format.js';
import { forbiddenReply } from '../common/replies.js';
import { createFromSlots } from '../customers/create-customer.flow.js';
import { customerCardResult } from '../customers/customer-card.render.js';
import { snoozeOneDay } from '../customers/reminder-text.js';
import { undoActions } from '../customers/undo-button.js';
import type { HandlerContext, HandlerResult } from '../handler.js';
import type { ActionMap } from './action-types.js';

/** Button values are database ids; anything else (a forged or mangled value) is refused. */
const idFrom = (value: string): number | null => {
  const n = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
};

const unreadable = (): HandlerResult => ({ reply: reply(text('I could not read that button. Please ask again.', 'warning')) });
const expired = (): HandlerResult => ({
  reply: reply(text('That request has expired or was already handled. Please ask again.', 'muted')),
});

/** The reminder as it was, read before the service changes it: what Undo restores. */
async function reminderBefore(ctx: HandlerContext, id: number) {
  const before = await findReminderById(ctx.db, id);
  if (!before) throw notFound(`I can't find that reminder (id ${id}); it may have been deleted.`);
  return before;
}

const snapshot = (r: { due_at: Date; due_has_time: boolean; done_at: Date | null; delivered_at: Date | null }) => ({
  due_at: r.due_at,
  due_has_time: r.due_has_time,
  done_at: r.done_at,
  delivered_at: r.delivered_at,
});

export const customerActions: ActionMap = {
  /** "Use Acme Corp" under a duplicate warning: show the existing customer instead. */
  'customer.show': {
    kind: 'job',
    writes: false,
    async handle(ctx, value) {
      const id = idFrom(value);
      return id ? customerCardResult(ctx, id) : unreadable();
    },
  },

  /**
   * "Create anyway": the create_customer command the duplicate guard stopped is still pending
   * (the handler returned awaitingPick), so re-run exactly it, now allowing similar names.
   * Only a pick-pending command counts: a command waiting for an LLM confirmation must not be
   * run by an old button.
   */
  'customer.create_anyway': {
    kind: 'job',
    writes: true,
    async handle(ctx) {
      const pending = ctx.memory.pending;
      if (!pending || pending.reason !== 'pick' || pending.intent.intent !== 'create_customer') return expired();
      const refusal = permissionFor(ctx.actor.role, pending.intent);
      if (refusal) return { reply: forbiddenReply(refusal) };
      return createFromSlots(ctx, pending.intent.slots, pending.picked ?? {}, { allowSimilar: true });
    },
  },

  /** The service checks ownership; an already-done reminder is reported, not audited again. */
  'reminder.done': {
    kind: 'job',
    writes: true,
    async handle(ctx, value) {
      const id = idFrom(value);
      if (!id) return unreadable();
      const before = await reminderBefore(ctx, id);
      const after = await markReminderDone(ctx, id);
      if (before.done_at) return { reply: reply(text(`That reminder was already done: ${after.text}`, 'muted')) };
      const auditId = await ctx.audit({
        action: 'reminder.done', entity: 'reminder', entityId: id, before: snapshot(before), after: snapshot(after),
      });
      return { reply: reply(text(`Done: ${after.text}`, 'success'), undoActions(ctx, auditId)) };
    },
  },

  'reminder.snooze': {
    kind: 'job',
    writes: true,
    async handle(ctx, value) {
      const id = idFrom(value);
      if (!id) return unreadable();
      const before = await reminderBefore(ctx, id);
      const after = await snoozeReminder(ctx, id, { until: snoozeOneDay(before, ctx.now(), ctx.tz) });
      const auditId = await ctx.audit({
        action: 'reminder.snooze', entity: 'reminder', entityId: id, before: snapshot(before), after: snapshot(after),
      });
      return {
        reply: reply(text(`Snoozed to ${formatInstant(after.due_at, ctx.tz)}: ${after.text}`, 'success'), undoActions(ctx, auditId)),
      };
    },
  },
};
