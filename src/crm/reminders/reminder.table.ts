import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, Id, NullableTimestamp, Timestamp } from '../../db/column-types.js';

export interface ReminderTable {
  id: Id;
  owner_id: number;
  text: string;
  due_at: Timestamp;
  /** false when the user gave a date only; delivery then happens at 9:00 in the owner's zone. */
  due_has_time: Generated<boolean>;
  customer_id: number | null;
  activity_id: number | null;
  done_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  created_at: CreatedAt;
}

export type Reminder = Selectable<ReminderTable>;
export type NewReminder = Insertable<ReminderTable>;
export type ReminderUpdate = Updateable<ReminderTable>;
