import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, Id, NullableTimestamp } from '../../db/column-types.js';
import type { TicketPriority, TicketStatus } from '../../intents/catalog.js';

export interface TicketTable {
  id: Id;
  /** The number people say ("ticket 42"); from a sequence, distinct from the id. */
  number: Generated<number>;
  customer_id: number | null;
  subject: string;
  description: string | null;
  status: Generated<TicketStatus>;
  priority: Generated<TicketPriority>;
  assignee_id: number | null;
  requester_id: number | null;
  sla_due_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}

export interface TicketCommentTable {
  id: Id;
  ticket_id: number;
  author_id: number | null;
  kind: Generated<'comment' | 'change'>;
  body: string;
  created_at: CreatedAt;
}

export type Ticket = Selectable<TicketTable>;
export type NewTicket = Insertable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type TicketComment = Selectable<TicketCommentTable>;
