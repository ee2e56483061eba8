import type { Insertable, Selectable } from 'kysely';
import type { CreatedAt, Id, NullableMoney, RequiredDate } from '../../db/column-types.js';

export interface SegmentTable {
  id: Id;
  customer_id: number;
  method: 'rfm' | 'cluster';
  period_start: RequiredDate;
  period_end: RequiredDate;
  label: string;
  recency_score: number | null;
  frequency_score: number | null;
  monetary_score: number | null;
  recency_days: number | null;
  frequency: number | null;
  monetary: NullableMoney;
  computed_at: CreatedAt;
}

export type Segment = Selectable<SegmentTable>;
export type NewSegment = Insertable<SegmentTable>;
