import { createTicket } from '../crm/tickets/ticket.service.js';
import { actions, fields, reply, text } from '../reply/reply.js';
import { formatInstant, formatRelative } from './common/format.js';
import { customerFor } from './common/pick.js';
import { defineHandler } from './handler.js';
import { rememberTicket, ticketWorkButtons } from './tickets/ticket-render.js';
import { undoButton } from './tickets/undo-button.js';

export const createTicketHandler = defineHandler({
  intent: 'create_ticket',
  writes: true,
  async handle(ctx, { slots, picked }) {
    // A ticket may be internal (no customer); when one is named it must resolve, never guess.
    let customer: { id: number; name: string } | null = null;
    if (slots.customer) {
      const resolved = await customerFor(ctx, slots.customer, picked);
      if (!resolved.ok) return resolved.result;
      customer = resolved.value;
    }
    const ticket = await createTicket(ctx, {
      subject: slots.subject,
      description: slots.description ?? null,
      customerId: customer?.id ?? null,
      priority: slots.priority,
    });
    const auditId = await ctx.audit({
      action: 'ticket.create',
      entity: 'ticket',
      entityId: ticket.id,
      after: { ticketId: ticket.id, number: ticket.number },
    });

    const sla = ticket.sla_due_at
      ? `${formatInstant(ticket.sla_due_at, ctx.tz)} (${formatRelative(ticket.sla_due_at, ctx.now())})`
      : '—';
    const headline = customer
      ? `Opened ticket #${ticket.number} for ${customer.name}: ${ticket.subject}`
      : `Opened ticket #${ticket.number}: ${ticket.subject}`;
    return {
      reply: reply(
        text(headline, 'success'),
        fields(
          { label: 'Priority', value: ticket.priority },
          { label: 'SLA due', value: sla },
          { label: 'Status', value: ticket.status },
        ),
        actions(...ticketWorkButtons(ctx, ticket, { close: false }), undoButton(ctx, auditId)),
      ),
      remember: rememberTicket(ticket),
    };
  },
});
