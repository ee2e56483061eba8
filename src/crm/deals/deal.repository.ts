import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import type { DealStage } from '../../intents/catalog.js';
import type { MoneyString } from '../money.js';
import { OPEN_STAGES, stageProbabilitySql } from './deal-stages.js';
import type { Deal, DealStageChange, DealUpdate, NewDeal } from './deal.table.js';

export interface DealView extends Deal {
  customer_name: string;
  owner_name: string | null;
  /** amount × stage probability, exact, rounded to cents. */
  weighted_amount: MoneyString;
}

export interface PipelineStageTotal {
  stage: DealStage;
  currency: string;
  deals: number;
  amount: MoneyString;
  weighted_amount: MoneyString;
}

export async function insertDeal(db: DbOrTx, values: NewDeal): Promise<Deal> {
  return db.insertInto('deals').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertStageChange(
  db: DbOrTx,
  values: { deal_id: number; from_stage: DealStage | null; to_stage: DealStage; changed_by: number | null; changed_at?: Date },
): Promise<DealStageChange> {
  return db.insertInto('deal_stage_history').values(values).returningAll().executeTakeFirstOrThrow();
}

function dealViewQuery(db: DbOrTx) {
  return db
    .selectFrom('deals as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .leftJoin('users as u', 'u.id', 'd.owner_id')
    .selectAll('d')
    .select(['c.name as customer_name', 'u.name as owner_name'])
    .select(sql<string>`round(coalesce(d.amount, 0) * ${stageProbabilitySql('d')} / 100.0, 2)`.as('weighted_amount'));
}

export async function findDealView(db: DbOrTx, id: number): Promise<DealView | undefined> {
  return dealViewQuery(db).where('d.id', '=', id).executeTakeFirst();
}

/** Locking read: the caller opens the transaction so the read and its update see the same row. */
export async function findDealForUpdate(tx: Transaction<Database>, id: number): Promise<Deal | undefined> {
  return tx.selectFrom('deals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findOpenDealsOfCustomer(db: DbOrTx, customerId: number): Promise<DealView[]> {
  return dealViewQuery(db)
    .where('d.customer_id', '=', customerId)
    .where('d.stage', 'in', OPEN_STAGES)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}

export async function listDealViews(
  db: DbOrTx,
  filter: { ownerId?: number; openOnly?: boolean; limit?: number },
): Promise<DealView[]> {
  let query = dealViewQuery(db);
  if (filter.ownerId !== undefined) query = query.where('d.owner_id', '=', filter.ownerId);
  if (filter.openOnly !== false) query = query.where('d.stage', 'in', OPEN_STAGES);
  return query
    .orderBy(sql`d.close_date asc nulls last`)
    .orderBy('d.id')
    .limit(filter.limit ?? 50)
    .execute();
}

/** Open pipeline by stage and currency (amounts never mix currencies), optionally one owner's. */
export async function pipelineByStage(db: DbOrTx, filter: { ownerId?: number }): Promise<PipelineStageTotal[]> {
  let query = db
    .selectFrom('deals')
    .where('stage', 'in', OPEN_STAGES)
    .select((eb) => [
      'stage',
      'currency',
      eb.fn.countAll<number>().as('deals'),
      sql<string>`coalesce(sum(amount), 0)::numeric(14, 2)`.as('amount'),
      sql<string>`round(coalesce(sum(amount * ${stageProbabilitySql('deals')} / 100.0), 0), 2)`.as('weighted_amount'),
    ])
    .groupBy(['stage', 'currency']);
  if (filter.ownerId !== undefined) query = query.where('owner_id', '=', filter.ownerId);
  const rows = await query.execute();
  const order = (s: DealStage) => OPEN_STAGES.indexOf(s);
  return rows
    .map((r) => ({ ...r, deals: Number(r.deals) }))
    .sort((a, b) => order(a.stage) - order(b.stage) || a.currency.localeCompare(b.currency));
}

export async function updateDealRow(db: DbOrTx, id: number, values: DealUpdate): Promise<Deal> {
  return db.updateTable('deals').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteDealRow(db: DbOrTx, id: number): Promise<boolean> {
  const result = await db.deleteFrom('deals').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listStageHistory(db: DbOrTx, dealId: number): Promise<DealStageChange[]> {
  return db
    .selectFrom('deal_stage_history')
    .selectAll()
    .where('deal_id', '=', dealId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute();
}

export async function deleteStageChanges(db: DbOrTx, dealId: number, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom('deal_stage_history')
    .where('deal_id', '=', dealId)
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findCustomerName(db: DbOrTx, customerId: number): Promise<string | undefined> {
  const row = await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
  return row?.name;
}
