import type { Insertable, Selectable } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp } from '../../db/column-types.js';
import type { Id } from '../../db/column-types.js';

export interface AuditLogTable {
  id: Id;
  actor_id: number | null;
  platform: string | null;
  intent: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before: Json;
  after: Json;
  created_at: CreatedAt;
  undone_at: NullableTimestamp;
  undone_by: number | null;
}

export interface ProcessedEventTable {
  platform: string;
  event_id: string;
  received_at: CreatedAt;
}

export interface ConversationStateTable {
  platform: string;
  workspace_id: string;
  channel_id: string;
  user_id: number;
  state: Json<Record<string, unknown>>;
  updated_at: CreatedAt;
}

export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
