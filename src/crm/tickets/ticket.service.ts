import { conflict, invalid, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { TicketPriority, TicketStatus } from '../../intents/catalog.js';
import type { CrmContext } from '../context.js';
import { onTicketWritten } from '../../jobs/automations/rules.js';
import { slaDueAt } from './sla-policy.js';
import {
  deleteTicketComments,
  deleteTicketRow,
  findCustomerName,
  findTicketByIdForUpdate,
  findTicketByNumberForUpdate,
  findTicketView,
  findUserName,
  insertTicket,
  insertTicketComment,
  listTicketComments,
  listTicketViews,
  openTicketNumbersOf,
  updateTicketRow,
  type TicketCommentView,
  type TicketView,
} from './ticket.repository.js';
import type { Ticket, TicketComment, TicketUpdate } from './ticket.table.js';

export interface CreateTicketInput {
  subject: string;
  description?: string | null;
  customerId?: number | null;
  priority?: TicketPriority;
}

export async function createTicket(ctx: CrmContext, input: CreateTicketInput): Promise<TicketView> {
  const subject = input.subject.trim();
  if (subject.length < 1 || subject.length > 500) {
    throw invalid('A ticket needs a subject of 1 to 500 characters, e.g. "open a ticket for Acme: SSO fails".');
  }
  const description = input.description?.trim() || null;
  if (description && description.length > 20000) throw invalid('The description is too long (20,000 characters at most).');
  if (input.customerId != null && (await findCustomerName(ctx.db, input.customerId)) === undefined) {
    throw notFound(`There is no customer #${input.customerId}.`);
  }
  const priority = input.priority ?? 'normal';
  const now = ctx.now();
  const ticket = await insertTicket(ctx.db, {
    subject,
    description,
    customer_id: input.customerId ?? null,
    priority,
    requester_id: ctx.actor.id,
    sla_due_at: slaDueAt(priority, now),
    created_at: now,
    updated_at: now,
  });
  await onTicketWritten(ctx.db, ticket, null, now); // rule notifications, in this write's transaction
  return (await findTicketView(ctx.db, ticket.number))!;
}

/** Undo of createTicket: the ticket and its comments go (comments cascade). */
export async function deleteCreatedTicket(db: DbOrTx, ticketId: number): Promise<boolean> {
  return deleteTicketRow(db, ticketId);
}

async function ticketNotFound(ctx: CrmContext, number: number): Promise<never> {
  const mine = await openTicketNumbersOf(ctx.db, ctx.actor.id);
  const hint = mine.length > 0 ? ` Your open tickets are ${mine.map((n) => `#${n}`).join(', ')}.` : '';
  throw notFound(`There is no ticket #${number}.${hint}`, { ticket: number });
}

export interface TicketWithComments {
  ticket: TicketView;
  comments: TicketCommentView[];
}

export async function getTicket(ctx: CrmContext, number: number): Promise<TicketWithComments> {
  const ticket = await findTicketView(ctx.db, number);
  if (!ticket) return ticketNotFound(ctx, number);
  return { ticket, comments: await listTicketComments(ctx.db, ticket.id) };
}

export interface ListTicketsInput {
  scope: 'mine' | 'all' | 'customer';
  customerId?: number;
  /** When absent, every status except closed. */
  status?: TicketStatus;
  limit?: number;
  offset?: number;
}

export interface TicketPage {
  tickets: TicketView[];
  /** How many tickets match in all, for "showing 1–10 of 23". */
  total: number;
  limit: number;
  offset: number;
}

export async function listTickets(ctx: CrmContext, input: ListTicketsInput): Promise<TicketPage> {
  if (input.scope === 'customer' && input.customerId === undefined) {
    throw invalid('Which customer? e.g. "tickets for Acme".');
  }
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 10), 1), 100);
  const offset = Math.max(Math.trunc(input.offset ?? 0), 0);
  const page = await listTicketViews(ctx.db, {
    ...(input.scope === 'mine' ? { involvingUserId: ctx.actor.id } : {}),
    ...(input.scope === 'customer' ? { customerId: input.customerId } : {}),
    ...(input.status ? { status: input.status } : {}),
    limit,
    offset,
  });
  return { ...page, limit, offset };
}

/**
 * What Undo needs to put a ticket exactly back. JSON-safe (timestamps as ISO strings) so it can
 * be stored as audit_log.before and handed back to restoreTicket unchanged.
 */
export interface TicketRestorePoint {
  ticketId: number;
  number: number;
  fields: {
    status: TicketStatus;
    priority: TicketPriority;
    assignee_id: number | null;
    sla_due_at: string | null;
    resolved_at: string | null;
    closed_at: string | null;
    updated_at: string;
  };
  /** updated_at as the undone write left it: any later edit makes the undo a conflict, not a clobber. */
  writtenAt: string;
  /** The 'change' comments the undone write added; the undo removes exactly these. */
  changeCommentIds: number[];
}

export interface UpdateTicketInput {
  number: number;
  status?: TicketStatus;
  priority?: TicketPriority;
  /** A user id; null unassigns; undefined leaves the assignee alone. */
  assigneeId?: number | null;
}

export interface UpdateTicketResult {
  ticket: TicketView;
  /** Human lines such as "status open → closed by Ann"; empty when nothing had to change. */
  changes: string[];
  /** Null when nothing changed (nothing to undo). */
  restorePoint: TicketRestorePoint | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function updateTicket(ctx: CrmContext, input: UpdateTicketInput): Promise<UpdateTicketResult> {
  if (input.status === undefined && input.priority === undefined && input.assigneeId === undefined) {
    throw invalid(`What should change on ticket #${input.number}? Say a status, a priority or an assignee.`);
  }
  const result = await inTransaction(ctx.db, async (tx) => {
    const before = await findTicketByNumberForUpdate(tx, input.number);
    if (!before) return undefined;
    const now = ctx.now();
    const set: TicketUpdate = {};
    const changes: string[] = [];
    const by = ctx.actor.name;

    if (input.status !== undefined && input.status !== before.status) {
      set.status = input.status;
      Object.assign(set, lifecycleTimestamps(before, input.status, now));
      changes.push(`status ${before.status} → ${input.status} by ${by}`);
    }
    if (input.priority !== undefined && input.priority !== before.priority) {
      set.priority = input.priority;
      // The promise follows the priority: an escalated ticket is due sooner, counted from creation.
      set.sla_due_at = slaDueAt(input.priority, before.created_at);
      changes.push(`priority ${before.priority} → ${input.priority} by ${by}`);
    }
    if (input.assigneeId !== undefined && input.assigneeId !== before.assignee_id) {
      const from = before.assignee_id === null ? 'nobody' : ((await findUserName(tx, before.assignee_id))?.name ?? 'someone');
      let to = 'nobody';
      if (input.assigneeId !== null) {
        const user = await findUserName(tx, input.assigneeId);
        if (!user) throw notFound(`There is no user #${input.assigneeId} to assign ticket #${input.number} to.`);
        if (!user.active) throw invalid(`${user.name} is deactivated; pick someone else for ticket #${input.number}.`);
        to = user.name;
      }
      set.assignee_id = input.assigneeId;
      changes.push(`assignee ${from} → ${to} by ${by}`);
    }
    if (changes.length === 0) return { before, changes, commentIds: [] as number[], writtenAt: null };

    set.updated_at = now;
    await updateTicketRow(tx, before.id, set);
    await onTicketWritten(tx, { ...before, ...set } as Ticket, before, now); // rule notifications, same transaction
    const commentIds: number[] = [];
    for (const body of changes) {
      const comment = await insertTicketComment(tx, { ticket_id: before.id, author_id: ctx.actor.id, kind: 'change', body, created_at: now });
      commentIds.push(comment.id);
    }
    return { before, changes, commentIds, writtenAt: now };
  });
  if (!result) return ticketNotFound(ctx, input.number);

  const { before, changes, commentIds } = result;
  const restorePoint: TicketRestorePoint | null =
    result.writtenAt
      ? {
          ticketId: before.id,
          number: before.number,
          fields: {
            status: before.status,
            priority: before.priority,
            assignee_id: before.assignee_id,
            sla_due_at: iso(before.sla_due_at),
            resolved_at: iso(before.resolved_at),
            closed_at: iso(before.closed_at),
            updated_at: before.updated_at.toISOString(),
          },
          writtenAt: result.writtenAt.toISOString(),
          changeCommentIds: commentIds,
        }
      : null;
  return { ticket: (await findTicketView(ctx.db, input.number))!, changes, restorePoint };
}

/**
 * resolved_at and closed_at follow the status: closing also counts as resolving (resolution-time
 * reports need it), and moving back to open or pending clears both.
 */
function lifecycleTimestamps(before: Ticket, status: TicketStatus, now: Date): TicketUpdate {
  switch (status) {
    case 'open':
    case 'pending':
      return { resolved_at: null, closed_at: null };
    case 'resolved':
      return { resolved_at: before.resolved_at ?? now, closed_at: null };
    case 'closed':
      return { resolved_at: before.resolved_at ?? now, closed_at: before.closed_at ?? now };
  }
}

/** Undo of updateTicket: the fields go back and the change comments it wrote are removed. */
export async function restoreTicket(db: DbOrTx, point: TicketRestorePoint): Promise<Ticket> {
  return inTransaction(db, async (tx) => {
    const current = await findTicketByIdForUpdate(tx, point.ticketId);
    if (!current) throw notFound(`Ticket #${point.number} no longer exists, so there is nothing to undo.`);
    if (current.updated_at.getTime() !== Date.parse(point.writtenAt)) {
      throw conflict(`Ticket #${point.number} has changed since then, so I left it as it is.`);
    }
    await deleteTicketComments(tx, current.id, point.changeCommentIds);
    return updateTicketRow(tx, current.id, { ...point.fields });
  });
}

export async function addTicketComment(ctx: CrmContext, input: { number: number; body: string }): Promise<TicketComment> {
  const body = input.body.trim();
  if (body.length < 1 || body.length > 20000) throw invalid('A comment needs 1 to 20,000 characters of text.');
  // Comments leave tickets.updated_at alone: it guards field edits for Undo, and a comment is not one.
  const ticket = await findTicketView(ctx.db, input.number);
  if (!ticket) return ticketNotFound(ctx, input.number);
  return insertTicketComment(ctx.db, { ticket_id: ticket.id, author_id: ctx.actor.id, kind: 'comment', body, created_at: ctx.now() });
}

/** Undo of addTicketComment. */
export async function deleteTicketComment(db: DbOrTx, ticketId: number, commentId: number): Promise<boolean> {
  return (await deleteTicketComments(db, ticketId, [commentId])) > 0;
}
