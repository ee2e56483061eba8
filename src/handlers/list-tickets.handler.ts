import { reply, text } from '../reply/reply.js';
import { customerFor } from './common/pick.js';
import { defineHandler } from './handler.js';
import { ticketListReply } from './tickets/ticket-list.js';

export const listTicketsHandler = defineHandler({
  intent: 'list_tickets',
  writes: false,
  async handle(ctx, { slots, picked }) {
    const status = slots.status ? { status: slots.status } : {};
    // A named customer narrows the list whatever the scope word was ("all tickets for Acme").
    if (slots.customer) {
      const resolved = await customerFor(ctx, slots.customer, picked);
      if (!resolved.ok) return resolved.result;
      const customer = { id: resolved.value.id, name: resolved.value.name };
      return ticketListReply(ctx, { scope: 'customer', customer, offset: 0, ...status });
    }
    if (slots.scope === 'customer') return { reply: reply(text('Which customer? e.g. “tickets for Acme”.', 'warning')) };
    return ticketListReply(ctx, { scope: slots.scope, offset: 0, ...status });
  },
});
