import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { precompiled } from '../../db/precompiled.js';
import type { MoneyString } from '../money.js';
import type { Contact, Customer } from './customer.table.js';
import { EXACT_NAME, exactNameKey, onlyExactName } from './customer-search.js';

/** Everything "who is Acme?" shows, read in one place so handlers only render. */
export interface CustomerCard {
  customer: Customer;
  ownerName: string | null;
  contacts: Contact[];
  openDeals: Array<{
    id: number; title: string; amount: MoneyString | null; currency: string; stage: string; closeDate: string | null;
  }>;
  openTickets: Array<{ id: number; number: number; subject: string; status: string; priority: string; createdAt: Date }>;
  recentActivities: Array<{
    id: number; kind: string; summary: string | null; occurredAt: Date; authorName: string | null; contactName: string | null;
  }>;
  /** Sum of every order's total, exact ("0.00" when none). Mixed currencies: see revenueByCurrency. */
  lifetimeRevenue: MoneyString;
  revenueByCurrency: Array<{ currency: string; total: MoneyString }>;
  nextReminder: { id: number; text: string; dueAt: Date; dueHasTime: boolean; ownerId: number } | null;
  /** Label of the customer's most recent RFM segment, if segmentation has run. */
  segment: string | null;
}

const OPEN_DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;
const OPEN_TICKET_STATUSES = ['open', 'pending'] as const;

/** A timestamp from a JSON sub-result (Postgres writes timestamptz as ISO 8601 text there). */
const instant = (value: string): Date => new Date(value);

/**
 * One statement: the customer row with each part of the card as a JSON sub-result (kysely's
 * jsonArrayFrom / jsonObjectFrom), so a card costs one round trip and one pooled connection
 * instead of eight. Money is cast to text inside the sub-results so it stays exact; timestamps
 * come back as text and are turned into Dates here.
 */
export async function getCustomerCard(db: DbOrTx, customerId: number): Promise<CustomerCard> {
  const [row] = await cardById.execute(db, { customerId });
  if (!row) throw notFound(`I can't find that customer (id ${customerId}).`);
  return toCard(row);
}

/**
 * "who is Acme Corp", typed as the name is: the card of the one customer with exactly that name
 * (see exactNameMatch) in the same one statement, instead of finding the customer first.
 * Undefined when no customer or several have that name, or the query cannot be an exact name;
 * the caller then searches.
 */
export async function getCustomerCardByExactName(db: DbOrTx, query: string): Promise<CustomerCard | undefined> {
  const key = exactNameKey(query);
  if (!key) return undefined;
  const row = onlyExactName(key, await cardByExactName.execute(db, { lowered: key.lowered }));
  return row ? toCard(row) : undefined;
}

// Built once (see precompiled): the card's statement is the largest a lookup sends.
const cardById = precompiled<{ customerId: number }, CardRow>((db, param) => cardQuery(db).where('customers.id', '=', param('customerId')));
const cardByExactName = precompiled<{ lowered: string }, CardRow>((db, param) =>
  cardQuery(db).where(EXACT_NAME, '=', param('lowered')).limit(2));

function cardQuery(db: DbOrTx) {
  return db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.owner_id')
    .selectAll('customers')
    .select('users.name as owner_name')
    .select((eb) => [
      jsonArrayFrom(
        eb.selectFrom('contacts').selectAll('contacts').whereRef('contacts.customer_id', '=', 'customers.id').orderBy('contacts.name'),
      ).as('contacts'),
      jsonArrayFrom(
        eb.selectFrom('deals')
          .select(['deals.id', 'deals.title', sql<MoneyString | null>`deals.amount::text`.as('amount'), 'deals.currency', 'deals.stage', 'deals.close_date'])
          .whereRef('deals.customer_id', '=', 'customers.id')
          .where('deals.stage', 'in', OPEN_DEAL_STAGES)
          .orderBy(sql`deals.close_date asc nulls last`)
          .orderBy('deals.id'),
      ).as('deals'),
      jsonArrayFrom(
        eb.selectFrom('tickets')
          .select(['tickets.id', 'tickets.number', 'tickets.subject', 'tickets.status', 'tickets.priority', 'tickets.created_at'])
          .whereRef('tickets.customer_id', '=', 'customers.id')
          .where('tickets.status', 'in', OPEN_TICKET_STATUSES)
          .orderBy('tickets.created_at', 'desc'),
      ).as('tickets'),
      jsonArrayFrom(
        eb.selectFrom('activities')
          .leftJoin('users as author', 'author.id', 'activities.author_id')
          .leftJoin('contacts as contact', 'contact.id', 'activities.contact_id')
          .select([
            'activities.id', 'activities.kind', 'activities.summary', 'activities.occurred_at',
            'author.name as author_name', 'contact.name as contact_name',
          ])
          .whereRef('activities.customer_id', '=', 'customers.id')
          .orderBy('activities.occurred_at', 'desc')
          .orderBy('activities.id', 'desc')
          .limit(3),
      ).as('activities'),
      // Per currency and, in the row whose currency is null, over all of them; 0.00 keeps the
      // scale at two decimals when there are no orders.
      jsonArrayFrom(
        eb.selectFrom('orders')
          .select(['orders.currency', sql<MoneyString>`coalesce(sum(orders.total), 0.00)::text`.as('total')])
          .whereRef('orders.customer_id', '=', 'customers.id')
          .groupBy(sql`grouping sets ((orders.currency), ())`)
          .orderBy('orders.currency'),
      ).as('totals'),
      jsonObjectFrom(
        eb.selectFrom('reminders')
          .select(['reminders.id', 'reminders.text', 'reminders.due_at', 'reminders.due_has_time', 'reminders.owner_id'])
          .whereRef('reminders.customer_id', '=', 'customers.id')
          .where('reminders.done_at', 'is', null)
          .orderBy('reminders.due_at')
          .orderBy('reminders.id')
          .limit(1),
      ).as('reminder'),
      eb.selectFrom('segments')
        .select('segments.label')
        .whereRef('segments.customer_id', '=', 'customers.id')
        .where('segments.method', '=', 'rfm')
        .orderBy('segments.period_end', 'desc')
        .orderBy('segments.computed_at', 'desc')
        .limit(1)
        .as('segment'),
    ]);
}

type CardRow = NonNullable<Awaited<ReturnType<ReturnType<typeof cardQuery>['executeTakeFirst']>>>;

function toCard(row: CardRow): CustomerCard {
  const { owner_name, contacts, deals, tickets, activities, totals, reminder, segment, ...customer } = row;
  const revenue = totals.filter((r) => r.currency !== null);
  const lifetime = totals.find((r) => r.currency === null) ?? { total: '0.00' };

  return {
    customer,
    ownerName: owner_name,
    contacts: contacts.map((c) => ({ ...c, created_at: instant(c.created_at), updated_at: instant(c.updated_at) })),
    openDeals: deals.map((d) => ({
      id: d.id, title: d.title, amount: d.amount, currency: d.currency.trim(), stage: d.stage, closeDate: d.close_date,
    })),
    openTickets: tickets.map((t) => ({
      id: t.id, number: t.number, subject: t.subject, status: t.status, priority: t.priority, createdAt: instant(t.created_at),
    })),
    recentActivities: activities.map((a) => ({
      id: a.id, kind: a.kind, summary: a.summary, occurredAt: instant(a.occurred_at), authorName: a.author_name, contactName: a.contact_name,
    })),
    lifetimeRevenue: lifetime.total,
    revenueByCurrency: revenue.map((r) => ({ currency: r.currency.trim(), total: r.total })),
    nextReminder: reminder
      ? { id: reminder.id, text: reminder.text, dueAt: instant(reminder.due_at), dueHasTime: reminder.due_has_time, ownerId: reminder.owner_id }
      : null,
    segment: segment ?? null,
  };
}
