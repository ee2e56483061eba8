import { getCustomerCard, type CustomerCard } from '../../crm/customers/customer-card.js';
import { formatMoney } from '../../crm/money.js';
import { context, fields, header, list, reply, table, text, type Block } from '../../reply/reply.js';
import { capitalize, formatDay, formatInstant, plural } from '../common/format.js';
import type { HandlerContext, HandlerResult } from '../handler.js';

/** Cards are read in chat: a long list belongs in a report, not in "who is Acme?". */
const MAX_CONTACTS = 8;
const MAX_DEALS = 5;
const MAX_TICKETS = 5;
const SUMMARY_CHARS = 80;

const trim = (value: string, max: number): string => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat;
};

/** One amount per currency: adding dollars to euros would be a made-up number. */
export function formatRevenue(card: Pick<CustomerCard, 'revenueByCurrency'>): string {
  if (card.revenueByCurrency.length === 0) return 'no orders yet';
  return card.revenueByCurrency.map((r) => formatMoney(r.total, r.currency)).join(' + ');
}

const more = (shown: number, total: number, what: string): Block[] =>
  total > shown ? [context(`…and ${plural(total - shown, what)} more.`)] : [];

/** The blocks of a customer card; every user-entered value goes in as plain data. */
export function renderCustomerCard(card: CustomerCard, tz: string): Block[] {
  const c = card.customer;
  const blocks: Block[] = [
    header(c.name),
    fields(
      { label: 'Owner', value: card.ownerName ?? 'unassigned' },
      { label: 'Lifecycle', value: capitalize(c.lifecycle_stage) },
      { label: 'Segment', value: card.segment ?? '—' },
      c.kind === 'person' ? { label: 'Kind', value: 'Person' } : false,
      c.industry ? { label: 'Industry', value: c.industry } : false,
      c.domain ? { label: 'Domain', value: c.domain } : false,
      c.email ? { label: 'Email', value: c.email } : false,
      c.phone ? { label: 'Phone', value: c.phone } : false,
      { label: 'Lifetime revenue', value: formatRevenue(card) },
      {
        label: 'Next reminder',
        value: card.nextReminder ? `${formatInstant(card.nextReminder.dueAt, tz)}: ${trim(card.nextReminder.text, SUMMARY_CHARS)}` : 'none',
      },
    ),
  ];

  if (card.contacts.length > 0) {
    blocks.push(
      text(`Contacts (${card.contacts.length})`),
      table(
        [
          { key: 'name', label: 'Name' },
          { key: 'title', label: 'Title' },
          { key: 'email', label: 'Email' },
          { key: 'phone', label: 'Phone' },
        ],
        card.contacts.slice(0, MAX_CONTACTS).map((p) => ({ name: p.name, title: p.title ?? '', email: p.email ?? '', phone: p.phone ?? '' })),
      ),
      ...more(MAX_CONTACTS, card.contacts.length, 'contact'),
    );
  } else {
    blocks.push(context('No contacts yet.'));
  }

  if (card.openDeals.length > 0) {
    blocks.push(
      text(`Open deals (${card.openDeals.length})`),
      table(
        [
          { key: 'title', label: 'Deal' },
          { key: 'stage', label: 'Stage' },
          { key: 'amount', label: 'Amount', align: 'right' },
          { key: 'close', label: 'Close date' },
        ],
        card.openDeals.slice(0, MAX_DEALS).map((d) => ({
          title: d.title,
          stage: capitalize(d.stage),
          amount: formatMoney(d.amount, d.currency),
          close: d.closeDate ? formatDay(d.closeDate, tz) : '—',
        })),
      ),
      ...more(MAX_DEALS, card.openDeals.length, 'deal'),
    );
  }

  if (card.openTickets.length > 0) {
    blocks.push(
      text(`Open tickets (${card.openTickets.length})`),
      list(
        card.openTickets
          .slice(0, MAX_TICKETS)
          .map((t) => `#${t.number} ${trim(t.subject, SUMMARY_CHARS)} (${t.priority}, ${t.status})`),
      ),
      ...more(MAX_TICKETS, card.openTickets.length, 'ticket'),
    );
  }

  if (card.recentActivities.length > 0) {
    blocks.push(
      text('Recent activity'),
      list(
        card.recentActivities.map((a) => {
          const who = [a.authorName ? `by ${a.authorName}` : null, a.contactName ? `with ${a.contactName}` : null].filter(Boolean).join(' ');
          const summary = a.summary ? `: ${trim(a.summary, SUMMARY_CHARS)}` : '';
          return `${capitalize(a.kind)}, ${formatDay(a.occurredAt, tz)}${who ? ` ${who}` : ''}${summary}`;
        }),
      ),
    );
  } else {
    blocks.push(context('No activity logged yet.'));
  }
  return blocks;
}

/** The card as a whole reply, remembering the customer so "log a call with them" works next. */
export async function customerCardResult(ctx: HandlerContext, customerId: number): Promise<HandlerResult> {
  return cardResult(ctx, await getCustomerCard(ctx.db, customerId));
}

export function cardResult(ctx: HandlerContext, card: CustomerCard): HandlerResult {
  return {
    reply: reply(...renderCustomerCard(card, ctx.tz)),
    remember: { customer: { id: card.customer.id, name: card.customer.name } },
  };
}
