import { listTickets } from '../../crm/tickets/ticket.service.js';
import { TICKET_STATUSES, type TicketStatus } from '../../intents/catalog.js';
import { actions, button, context, header, reply, table, text } from '../../reply/reply.js';
import type { HandlerContext, HandlerResult } from '../handler.js';
import { ageAndSla } from './ticket-render.js';

export const PAGE_SIZE = 10;
export const MORE_VERB = 'tickets.more';

export interface TicketListQuery {
  scope: 'mine' | 'all' | 'customer';
  status?: TicketStatus;
  customer?: { id: number; name: string };
  offset: number;
}

/**
 * A "More" button carries the whole query, not a server-side cursor: any replica can answer it
 * and it never expires. Dot-separated and short (Discord caps a custom_id at 100 characters).
 */
export function encodeMore(query: TicketListQuery): string {
  return [query.scope, query.status ?? '-', query.customer?.id ?? '-', query.offset].join('.');
}

const MORE_VALUE = new RegExp(`^(mine|all|customer)\\.(${TICKET_STATUSES.join('|')}|-)\\.(\\d{1,10}|-)\\.(\\d{1,6})$`);

/** Strict inverse of encodeMore: anything forged or truncated is null, never a partial query. */
export function decodeMore(value: string): { scope: TicketListQuery['scope']; status?: TicketStatus; customerId?: number; offset: number } | null {
  if (value.length > 100) return null;
  const m = MORE_VALUE.exec(value);
  if (!m) return null;
  const scope = m[1] as TicketListQuery['scope'];
  const customerId = m[3] === '-' ? undefined : Number(m[3]);
  if ((scope === 'customer') !== (customerId !== undefined)) return null;
  if (customerId !== undefined && (customerId < 1 || customerId > 2_147_483_647)) return null;
  const offset = Number(m[4]);
  if (offset % PAGE_SIZE !== 0) return null;
  return {
    scope,
    offset,
    ...(m[2] === '-' ? {} : { status: m[2] as TicketStatus }),
    ...(customerId === undefined ? {} : { customerId }),
  };
}

function titleOf(query: TicketListQuery): string {
  const what = query.status ? `${query.status} tickets` : 'tickets';
  if (query.scope === 'mine') return `Your ${what}`;
  if (query.scope === 'customer') return `${query.status ? `${query.status.charAt(0).toUpperCase()}${query.status.slice(1)} tickets` : 'Tickets'} for ${query.customer!.name}`;
  return `All ${what}`;
}

function emptyText(query: TicketListQuery): string {
  const what = query.status ? `${query.status} tickets` : 'open tickets';
  if (query.scope === 'mine') return `You have no ${what}. Nice and quiet.`;
  if (query.scope === 'customer') return `${query.customer!.name} has no ${what}.`;
  return `There are no ${what} right now.`;
}

/** One page of tickets as a table, with a caption and a More button while pages remain. */
export async function ticketListReply(ctx: HandlerContext, query: TicketListQuery): Promise<HandlerResult> {
  const page = await listTickets(ctx, {
    scope: query.scope,
    limit: PAGE_SIZE,
    offset: query.offset,
    ...(query.customer ? { customerId: query.customer.id } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  const remember = query.customer ? { customer: query.customer } : {};
  if (page.total === 0) {
    const example = `open a ticket for ${query.customer?.name ?? 'Acme'}: SSO fails`;
    return { reply: reply(text(emptyText(query), 'muted'), context(`To open one, say “${example}”.`)), remember };
  }
  if (page.tickets.length === 0) {
    return { reply: reply(text(`That’s all: ${page.total} tickets in total, none left to show.`, 'muted')), remember };
  }
  const now = ctx.now();
  const rows = page.tickets.map((t) => ({
    number: `#${t.number}`,
    subject: t.subject,
    customer: t.customer_name ?? '—',
    priority: t.priority,
    status: t.status,
    age: ageAndSla(t, now),
  }));
  const first = page.offset + 1;
  const last = page.offset + page.tickets.length;
  const caption = `Showing ${first}–${last} of ${page.total}${query.status ? '' : ' (closed tickets hidden)'}`;
  const blocks = [
    header(titleOf(query)),
    table(
      [
        { key: 'number', label: '#' },
        { key: 'subject', label: 'Subject' },
        { key: 'customer', label: 'Customer' },
        { key: 'priority', label: 'Priority' },
        { key: 'status', label: 'Status' },
        { key: 'age', label: 'Age / SLA' },
      ],
      rows,
      caption,
    ),
  ];
  if (last < page.total) {
    const value = encodeMore({ ...query, offset: last });
    blocks.push(actions(button('More', { verb: MORE_VERB, value, forUserId: ctx.actor.id })));
  }
  // A single ticket on screen is what "close it" most likely means.
  const single = page.total === 1 ? { ticketNumber: page.tickets[0]!.number } : {};
  return { reply: reply(...blocks), remember: { ...remember, ...single } };
}
