import { getTicket, updateTicket, type UpdateTicketInput } from '../crm/tickets/ticket.service.js';
import { resolveUser } from '../crm/users/user.service.js';
import type { Slots } from '../intents/catalog.js';
import { actions, context, list, reply, text } from '../reply/reply.js';
import { defineHandler, type HandlerContext, type HandlerResult } from './handler.js';
import { rememberTicket, ticketTitle } from './tickets/ticket-render.js';
import { undoButton } from './tickets/undo-button.js';

const NOBODY = /^(nobody|no one|noone|none|unassigned)$/i;

/** "me", a teammate's name, or nobody → a user id (null unassigns); or the reply explaining why not. */
async function assigneeFor(ctx: HandlerContext, name: string): Promise<{ ok: true; id: number | null } | { ok: false; result: HandlerResult }> {
  const query = name.trim();
  if (/^(me|myself)$/i.test(query)) return { ok: true, id: ctx.actor.id };
  if (NOBODY.test(query)) return { ok: true, id: null };
  const resolution = await resolveUser(ctx.db, query);
  if (resolution.kind === 'match') return { ok: true, id: resolution.user.id };
  // Users have no pick buttons (Picked holds no user id), so ask for the full name instead.
  const names = (resolution.kind === 'ambiguous' ? resolution.candidates : resolution.suggestions).map((c) => c.user.name);
  const blocks =
    resolution.kind === 'ambiguous'
      ? [text(`“${query}” matches several teammates; say the full name:`, 'warning'), list(names)]
      : [
          text(`I couldn’t find a teammate called “${query}”.`, 'warning'),
          ...(names.length ? [text('Did you mean one of these?'), list(names)] : []),
        ];
  return { ok: false, result: { reply: reply(...blocks, context('Nothing was changed.')) } };
}

/** "already closed, high priority": what the ticket already is, for a request that changed nothing. */
function alreadyText(slots: Slots<'update_ticket'>, assigneeName: string | null): string {
  const parts: string[] = [];
  if (slots.status) parts.push(slots.status);
  if (slots.priority) parts.push(`${slots.priority} priority`);
  if (slots.assignee) parts.push(assigneeName ? `assigned to ${assigneeName}` : 'unassigned');
  return parts.join(', ');
}

export const updateTicketHandler = defineHandler({
  intent: 'update_ticket',
  writes: true,
  async handle(ctx, { slots }) {
    const input: UpdateTicketInput = { number: slots.ticket };
    if (slots.status) input.status = slots.status;
    if (slots.priority) input.priority = slots.priority;
    if (slots.assignee) {
      const assignee = await assigneeFor(ctx, slots.assignee);
      if (!assignee.ok) {
        // Still check the ticket exists, so a typo in the number is reported first.
        await getTicket(ctx, slots.ticket);
        return assignee.result;
      }
      input.assigneeId = assignee.id;
    }

    const { ticket, changes, restorePoint } = await updateTicket(ctx, input);
    if (!restorePoint) {
      return {
        reply: reply(text(`Ticket ${ticketTitle(ticket)} is already ${alreadyText(slots, ticket.assignee_name)}; nothing changed.`, 'muted')),
        remember: rememberTicket(ticket),
      };
    }
    const auditId = await ctx.audit({
      action: 'ticket.update',
      entity: 'ticket',
      entityId: ticket.id,
      before: restorePoint,
      after: { status: ticket.status, priority: ticket.priority, assignee_id: ticket.assignee_id, changes },
    });
    // The trail keeps "by <name>" for later readers; in the reply the user knows it was them.
    const suffix = ` by ${ctx.actor.name}`;
    const shown = changes.map((c) => (c.endsWith(suffix) ? c.slice(0, -suffix.length) : c));
    return {
      reply: reply(text(`Updated ticket ${ticketTitle(ticket)}:`, 'success'), list(shown), actions(undoButton(ctx, auditId))),
      remember: rememberTicket(ticket),
    };
  },
});
