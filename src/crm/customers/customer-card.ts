import { sql } from 'kysely';
import { notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { readTogether } from '../../db/transaction.js';
import type { MoneyString } from '../money.js';
import type { Contact, Customer } from './customer.table.js';

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

export async function getCustomerCard(db: DbOrTx, customerId: number): Promise<CustomerCard> {
  const [row, contacts, deals, tickets, activities, totals, reminder, segment] = await readTogether(db, [
    () => db
      .selectFrom('customers')
      .leftJoin('users', 'users.id', 'customers.owner_id')
      .selectAll('customers')
      .select('users.name as owner_name')
      .where('customers.id', '=', customerId)
      .executeTakeFirst(),
    () => db.selectFrom('contacts').selectAll().where('customer_id', '=', customerId).orderBy('name').execute(),
    () => db
      .selectFrom('deals')
      .select(['id', 'title', 'amount', 'currency', 'stage', 'close_date'])
      .where('customer_id', '=', customerId)
      .where('stage', 'in', OPEN_DEAL_STAGES)
      .orderBy(sql`close_date asc nulls last`)
      .orderBy('id')
      .execute(),
    () => db
      .selectFrom('tickets')
      .select(['id', 'number', 'subject', 'status', 'priority', 'created_at'])
      .where('customer_id', '=', customerId)
      .where('status', 'in', OPEN_TICKET_STATUSES)
      .orderBy('created_at', 'desc')
      .execute(),
    () => db
      .selectFrom('activities')
      .leftJoin('users', 'users.id', 'activities.author_id')
      .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
      .select([
        'activities.id', 'activities.kind', 'activities.summary', 'activities.occurred_at',
        'users.name as author_name', 'contacts.name as contact_name',
      ])
      .where('activities.customer_id', '=', customerId)
      .orderBy('activities.occurred_at', 'desc')
      .orderBy('activities.id', 'desc')
      .limit(3)
      .execute(),
    // Per currency and, in the row whose currency is null, over all of them; 0.00 keeps the
    // scale at two decimals when there are no orders.
    () => db
      .selectFrom('orders')
      .select(['currency', sql<string>`coalesce(sum(total), 0.00)`.as('total')])
      .where('customer_id', '=', customerId)
      .groupBy(sql`grouping sets ((currency), ())`)
      .orderBy('currency')
      .execute(),
    () => db
      .selectFrom('reminders')
      .select(['id', 'text', 'due_at', 'due_has_time', 'owner_id'])
      .where('customer_id', '=', customerId)
      .where('done_at', 'is', null)
      .orderBy('due_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
    () => db
      .selectFrom('segments')
      .select('label')
      .where('customer_id', '=', customerId)
      .where('method', '=', 'rfm')
      .orderBy('period_end', 'desc')
      .orderBy('computed_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ] as const);
  if (!row) throw notFound(`I can't find that customer (id ${customerId}).`);
  const { owner_name, ...customer } = row;
  const revenue = totals.filter((r) => r.currency !== null);
  const lifetime = totals.find((r) => r.currency === null) ?? { total: '0.00' };

  return {
    customer,
    ownerName: owner_name,
    contacts,
    openDeals: deals.map((d) => ({
      id: d.id, title: d.title, amount: d.amount, currency: d.currency.trim(), stage: d.stage, closeDate: d.close_date,
    })),
    openTickets: tickets.map((t) => ({
      id: t.id, number: t.number, subject: t.subject, status: t.status, priority: t.priority, createdAt: t.created_at,
    })),
    recentActivities: activities.map((a) => ({
      id: a.id, kind: a.kind, summary: a.summary, occurredAt: a.occurred_at, authorName: a.author_name, contactName: a.contact_name,
    })),
    lifetimeRevenue: lifetime.total,
    revenueByCurrency: revenue.map((r) => ({ currency: r.currency.trim(), total: r.total })),
    nextReminder: reminder
      ? { id: reminder.id, text: reminder.text, dueAt: reminder.due_at, dueHasTime: reminder.due_has_time, ownerId: reminder.owner_id }
      : null,
    segment: segment?.label ?? null,
  };
}
