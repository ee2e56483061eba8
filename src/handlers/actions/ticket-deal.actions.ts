import { getCustomer } from '../../crm/customers/customer.service.js';
import { reply, text } from '../../reply/reply.js';
import { decodeMore, MORE_VERB, ticketListReply } from '../tickets/ticket-list.js';
import type { ActionMap } from './action-types.js';

const ticketNumber = (value: string): number | null => {
  if (!/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
};

export const ticketDealActions: ActionMap = {
  'ticket.close': {
    kind: 'intent',
    toIntent: (value) => {
      const ticket = ticketNumber(value);
      return ticket ? { intent: 'update_ticket', slots: { ticket, status: 'closed' } } : null;
    },
  },
  'ticket.assign_me': {
    kind: 'intent',
    toIntent: (value) => {
      const ticket = ticketNumber(value);
      return ticket ? { intent: 'update_ticket', slots: { ticket, assignee: 'me' } } : null;
    },
  },
  'ticket.show': {
    kind: 'intent',
    toIntent: (value) => {
      const ticket = ticketNumber(value);
      return ticket ? { intent: 'show_ticket', slots: { ticket } } : null;
    },
  },
  // A job, not an intent: the offset is not a slot of list_tickets. Listing needs no permission
  // beyond being a user, and "mine" is always the clicking actor's own tickets.
  [MORE_VERB]: {
    kind: 'job',
    writes: false,
    async handle(ctx, value) {
      const query = decodeMore(value);
      if (!query) return { reply: reply(text('I could not read that button. Please ask for the list again.', 'warning')) };
      const { customerId, ...rest } = query;
      if (customerId === undefined) return ticketListReply(ctx, rest);
      const customer = await getCustomer(ctx.db, customerId);
      return ticketListReply(ctx, { ...rest, customer: { id: customer.id, name: customer.name } });
    },
  },
};
