import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Id, NullableTimestamp, Timestamp } from '../db/column-types.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One row of the durable queue (migrations/2026-11-22T02-00_jobs.ts). */
export interface JobTable {
  id: Id;
  kind: string;
  /** jsonb: read as the object; written as a JSON string. */
  payload: ColumnType<unknown, string, string>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  status: Generated<JobStatus>;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  last_error: string | null;
  idempotency_key: string | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
  /** First hand-off to another process (HandOffJobError); null while none happened. */
  waiting_since: NullableTimestamp;
}

export type JobRow = Selectable<JobTable>;
