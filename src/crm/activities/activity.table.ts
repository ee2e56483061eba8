import type { Insertable, Selectable } from 'kysely';
import type { CreatedAt, Id } from '../../db/column-types.js';
import type { ActivityKind } from '../../intents/catalog.js';

export interface ActivityTable {
  id: Id;
  customer_id: number;
  contact_id: number | null;
  author_id: number | null;
  kind: ActivityKind;
  summary: string | null;
  occurred_at: CreatedAt;
  created_at: CreatedAt;
}

export type Activity = Selectable<ActivityTable>;
export type NewActivity = Insertable<ActivityTable>;
