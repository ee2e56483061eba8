import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import type { TicketStatus } from '../../intents/catalog.js';
import type { NewTicket, Ticket, TicketComment, TicketUpdate } from './ticket.table.js';

/** A ticket as people see it: the bare row plus the names they recognise. */
export interface TicketView extends Ticket {
  customer_name: string | null;
  assignee_name: string | null;
  requester_name: string | null;
}

export interface TicketCommentView extends TicketComment {
  author_name: string | null;
}

export interface TicketListFilter {
  /** Tickets assigned to or requested by this user. */
  involvingUserId?: number;
  customerId?: number;
  /** Exact status; when absent, everything except closed. */
  status?: TicketStatus;
  limit: number;
  offset: number;
}

export async function insertTicket(db: DbOrTx, values: NewTicket): Promise<Ticket> {
  return db.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findTicketByNumber(db: DbOrTx, number: number): Promise<Ticket | undefined> {
  return db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst();
}

/** Locking read: the caller opens the transaction so the read and its update see the same row. */
export async function findTicketByNumberForUpdate(tx: Transaction<Database>, number: number): Promise<Ticket | undefined> {
  return tx.selectFrom('tickets').selectAll().where('number', '=', number).forUpdate().executeTakeFirst();
}

export async function findTicketByIdForUpdate(tx: Transaction<Database>, id: number): Promise<Ticket | undefined> {
  return tx.selectFrom('tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

function ticketViewQuery(db: DbOrTx) {
  return db
    .selectFrom('tickets as t')
    .leftJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('users as r', 'r.id', 't.requester_id')
    .selectAll('t')
    .select(['c.name as customer_name', 'a.name as assignee_name', 'r.name as requester_name']);
}

export async function findTicketView(db: DbOrTx, number: number): Promise<TicketView | undefined> {
  return ticketViewQuery(db).where('t.number', '=', number).executeTakeFirst();
}

export async function listTicketComments(db: DbOrTx, ticketId: number): Promise<TicketCommentView[]> {
  return db
    .selectFrom('ticket_comments as tc')
    .leftJoin('users as u', 'u.id', 'tc.author_id')
    .selectAll('tc')
    .select('u.name as author_name')
    .where('tc.ticket_id', '=', ticketId)
    .orderBy('tc.created_at')
    .orderBy('tc.id')
    .execute();
}

export async function insertTicketComment(
  db: DbOrTx,
  values: { ticket_id: number; author_id: number | null; kind: 'comment' | 'change'; body: string; created_at?: Date },
): Promise<TicketComment> {
  return db.insertInto('ticket_comments').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTicketComments(db: DbOrTx, ticketId: number, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom('ticket_comments')
    .where('ticket_id', '=', ticketId)
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function updateTicketRow(db: DbOrTx, id: number, values: TicketUpdate): Promise<Ticket> {
  return db.updateTable('tickets').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTicketRow(db: DbOrTx, id: number): Promise<boolean> {
  const result = await db.deleteFrom('tickets').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Urgent first; within a priority the oldest waits least longer.
const PRIORITY_RANK = sql<number>`case t.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

export async function listTicketViews(db: DbOrTx, filter: TicketListFilter): Promise<{ tickets: TicketView[]; total: number }> {
  let query = ticketViewQuery(db);
  if (filter.involvingUserId !== undefined) {
    const userId = filter.involvingUserId;
    query = query.where((eb) => eb.or([eb('t.assignee_id', '=', userId), eb('t.requester_id', '=', userId)]));
  }
  if (filter.customerId !== undefined) query = query.where('t.customer_id', '=', filter.customerId);
  query = filter.status ? query.where('t.status', '=', filter.status) : query.where('t.status', '!=', 'closed');

  // Sequential, not Promise.all: an open transaction (and PGlite) is one session.
  const tickets = await query
    .orderBy(PRIORITY_RANK)
    .orderBy('t.created_at')
    .orderBy('t.number')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const count = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return { tickets, total: Number(count.total) };
}

/** Numbers of a user's unfinished tickets, for "There is no ticket #999. Your open tickets are …". */
export async function openTicketNumbersOf(db: DbOrTx, userId: number, limit = 5): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('number')
    .where((eb) => eb.or([eb('assignee_id', '=', userId), eb('requester_id', '=', userId)]))
    .where('status', 'in', ['open', 'pending'])
    .orderBy('number')
    .limit(limit)
    .execute();
  return rows.map((r) => r.number);
}

export async function findUserName(db: DbOrTx, userId: number): Promise<{ name: string; active: boolean } | undefined> {
  const row = await db.selectFrom('users').select(['name', 'deactivated_at']).where('id', '=', userId).executeTakeFirst();
  return row && { name: row.name, active: row.deactivated_at === null };
}

export async function findCustomerName(db: DbOrTx, customerId: number): Promise<string | undefined> {
  const row = await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
  return row?.name;
}
