import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, DateOnly, Id, NullableMoney, NullableTimestamp } from '../../db/column-types.js';
import type { DealStage } from '../../intents/catalog.js';

export interface DealTable {
  id: Id;
  customer_id: number;
  title: string;
  amount: NullableMoney;
  currency: Generated<string>;
  stage: Generated<DealStage>;
  owner_id: number | null;
  close_date: DateOnly;
  closed_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface DealStageHistoryTable {
  id: Id;
  deal_id: number;
  from_stage: DealStage | null;
  to_stage: DealStage;
  changed_by: number | null;
  changed_at: CreatedAt;
}

export type Deal = Selectable<DealTable>;
export type NewDeal = Insertable<DealTable>;
export type DealUpdate = Updateable<DealTable>;
export type DealStageChange = Selectable<DealStageHistoryTable>;
