import { AppError, conflict, invalid, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { DealStage } from '../../intents/catalog.js';
import type { CrmContext } from '../context.js';
import { formatMoney, toMoney, type MoneyString } from '../money.js';
import { isClosedStage } from './deal-stages.js';
import { onDealWritten } from '../../jobs/automations/rules.js';
import {
  deleteDealRow,
  deleteStageChanges,
  findCustomerName,
  findDealForUpdate,
  findDealView,
  findOpenDealsOfCustomer,
  insertDeal,
  insertStageChange,
  listDealViews,
  pipelineByStage,
  updateDealRow,
  type DealView,
  type PipelineStageTotal,
} from './deal.repository.js';
import type { Deal, DealUpdate } from './deal.table.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

function checkCloseDate(value: string | null | undefined): void {
  if (value && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    throw invalid(`"${value}" is not a close date I understand; use a date such as 2026-12-31.`);
  }
}

/** "#4 Acme renewal ($50,000.00, negotiation)": how a deal is named in replies and choices. */
export function describeDeal(deal: Pick<Deal, 'id' | 'title' | 'amount' | 'currency' | 'stage'>): string {
  const amount = deal.amount === null ? 'no amount' : formatMoney(deal.amount, deal.currency);
  return `#${deal.id} ${deal.title} (${amount}, ${deal.stage})`;
}

export interface CreateDealInput {
  customerId: number;
  title?: string;
  /** A money string ("50000.00") or a parsed number; stored exactly. */
  amount?: MoneyString | number | null;
  currency?: string;
  stage?: DealStage;
  closeDate?: string | null;
}

export async function createDeal(ctx: CrmContext, input: CreateDealInput): Promise<DealView> {
  const customerName = await findCustomerName(ctx.db, input.customerId);
  if (customerName === undefined) throw notFound(`There is no customer #${input.customerId}.`);
  const title = (input.title?.trim() || `${customerName} deal`).slice(0, 200);
  const currency = (input.currency ?? 'USD').toUpperCase();
  if (!CURRENCY.test(currency)) throw invalid(`"${input.currency}" is not a currency code such as USD or EUR.`);
  checkCloseDate(input.closeDate);
  const amount = input.amount === undefined || input.amount === null ? null : toMoney(input.amount);
  const stage = input.stage ?? 'lead';
  const now = ctx.now();

  const deal = await inTransaction(ctx.db, async (tx) => {
    const row = await insertDeal(tx, {
      customer_id: input.customerId,
      title,
      amount,
      currency,
      stage,
      owner_id: ctx.actor.id,
      close_date: input.closeDate ?? null,
      closed_at: isClosedStage(stage) ? now : null,
      created_at: now,
      updated_at: now,
    });
    // The first history row makes "time in stage" reports work from day one.
    const first = await insertStageChange(tx, { deal_id: row.id, from_stage: null, to_stage: stage, changed_by: ctx.actor.id, changed_at: now });
    await onDealWritten(tx, row, 'none', first.id, now); // a deal recorded as already won is a win too
    return row;
  });
  return (await findDealView(ctx.db, deal.id))!;
}

/** Undo of createDeal: the deal and its history go (history cascades). */
export async function deleteCreatedDeal(db: DbOrTx, dealId: number): Promise<boolean> {
  return deleteDealRow(db, dealId);
}

export type FindDealInput = { dealId: number } | { customerId: number };

/**
 * A deal by id, or the one open deal of a customer. Several open deals → `ambiguous` with the
 * candidates in `details.candidates` so the handler can offer buttons.
 */
export async function findDeal(ctx: CrmContext, input: FindDealInput): Promise<DealView> {
  if ('dealId' in input) {
    const deal = await findDealView(ctx.db, input.dealId);
    if (!deal) throw notFound(`There is no deal #${input.dealId}.`);
    return deal;
  }
  const customerName = await findCustomerName(ctx.db, input.customerId);
  if (customerName === undefined) throw notFound(`There is no customer #${input.customerId}.`);
  const open = await findOpenDealsOfCustomer(ctx.db, input.customerId);
  if (open.length === 1) return open[0]!;
  if (open.length === 0) {
    throw notFound(`${customerName} has no open deal. Start one with "new deal: ${customerName} …".`);
  }
  throw new AppError(
    'ambiguous',
    `${customerName} has ${open.length} open deals: ${open.map(describeDeal).join('; ')}. Which one?`,
    { candidates: open.map((d) => ({ id: d.id, title: d.title, stage: d.stage, amount: d.amount, currency: d.currency })) },
  );
}

/** JSON-safe snapshot for Undo (stored as audit_log.before, handed back to restoreDeal). */
export interface DealRestorePoint {
  dealId: number;
  fields: {
    stage: DealStage;
    amount: MoneyString | null;
    close_date: string | null;
    closed_at: string | null;
    updated_at: string;
  };
  /** updated_at as the undone write left it: a later edit makes the undo a conflict. */
  writtenAt: string;
  /** Stage history rows the undone write added; the undo removes exactly these. */
  stageChangeIds: number[];
}

export interface UpdateDealInput {
  dealId: number;
  stage?: DealStage;
  amount?: MoneyString | number | null;
  closeDate?: string | null;
}

export interface UpdateDealResult {
  deal: DealView;
  /** "stage lead → negotiation", "amount $50,000.00 → $60,000.00"; empty when nothing changed. */
  changes: string[];
  restorePoint: DealRestorePoint | null;
}

export async function updateDeal(ctx: CrmContext, input: UpdateDealInput): Promise<UpdateDealResult> {
  if (input.stage === undefined && input.amount === undefined && input.closeDate === undefined) {
    throw invalid(`What should change on deal #${input.dealId}? Say a stage, an amount or a close date.`);
  }
  checkCloseDate(input.closeDate);
  const amount = input.amount === undefined ? undefined : input.amount === null ? null : toMoney(input.amount);

  const result = await inTransaction(ctx.db, async (tx) => {
    const before = await findDealForUpdate(tx, input.dealId);
    if (!before) throw notFound(`There is no deal #${input.dealId}.`);
    const now = ctx.now();
    const set: DealUpdate = {};
    const changes: string[] = [];
    let movedTo: DealStage | undefined;

    if (input.stage !== undefined && input.stage !== before.stage) {
      set.stage = movedTo = input.stage;
      // closed_at marks when the deal was decided; reopening means it is undecided again.
      set.closed_at = isClosedStage(input.stage) ? (isClosedStage(before.stage) ? before.closed_at : now) : null;
      changes.push(`stage ${before.stage} → ${input.stage}`);
    }
    if (amount !== undefined && amount !== before.amount) {
      set.amount = amount;
      changes.push(`amount ${formatMoney(before.amount, before.currency)} → ${formatMoney(amount, before.currency)}`);
    }
    if (input.closeDate !== undefined && input.closeDate !== before.close_date) {
      set.close_date = input.closeDate;
      changes.push(`close date ${before.close_date ?? 'none'} → ${input.closeDate ?? 'none'}`);
    }
    if (changes.length === 0) return { before, changes, stageChangeIds: [] as number[], writtenAt: null };

    set.updated_at = now;
    await updateDealRow(tx, before.id, set);
    const stageChangeIds: number[] = [];
    if (movedTo) {
      const row = await insertStageChange(tx, {
        deal_id: before.id,
        from_stage: before.stage,
        to_stage: movedTo,
        changed_by: ctx.actor.id,
        changed_at: now,
      });
      stageChangeIds.push(row.id);
    }
    await onDealWritten(tx, { ...before, ...set } as Deal, before.stage, stageChangeIds[0], now); // rule notifications, same transaction
    return { before, changes, stageChangeIds, writtenAt: now };
  });

  const { before, changes, stageChangeIds, writtenAt } = result;
  return {
    deal: (await findDealView(ctx.db, before.id))!,
    changes,
    restorePoint: writtenAt
      ? {
          dealId: before.id,
          fields: {
            stage: before.stage,
            amount: before.amount,
            close_date: before.close_date,
            closed_at: before.closed_at ? before.closed_at.toISOString() : null,
            updated_at: before.updated_at.toISOString(),
          },
          writtenAt: writtenAt.toISOString(),
          stageChangeIds,
        }
      : null,
  };
}

export async function moveDealStage(ctx: CrmContext, input: { dealId: number; stage: DealStage }): Promise<UpdateDealResult> {
  return updateDeal(ctx, input);
}

/** Undo of updateDeal/moveDealStage: fields back, and the history rows that write added removed. */
export async function restoreDeal(db: DbOrTx, point: DealRestorePoint): Promise<Deal> {
  return inTransaction(db, async (tx) => {
    const current = await findDealForUpdate(tx, point.dealId);
    if (!current) throw notFound(`Deal #${point.dealId} no longer exists, so there is nothing to undo.`);
    if (current.updated_at.getTime() !== Date.parse(point.writtenAt)) {
      throw conflict(`Deal #${point.dealId} has changed since then, so I left it as it is.`);
    }
    await deleteStageChanges(tx, current.id, point.stageChangeIds);
    return updateDealRow(tx, current.id, { ...point.fields });
  });
}

export interface Pipeline {
  deals: DealView[];
  byStage: PipelineStageTotal[];
}

/** Open deals and per-stage totals; `ownerId` defaults to the actor, null means everyone's. */
export async function listPipeline(ctx: CrmContext, input: { ownerId?: number | null; limit?: number } = {}): Promise<Pipeline> {
  const ownerId = input.ownerId === undefined ? ctx.actor.id : (input.ownerId ?? undefined);
  const filter = ownerId === undefined ? {} : { ownerId };
  return {
    deals: await listDealViews(ctx.db, { ...filter, openOnly: true, limit: input.limit ?? 50 }),
    byStage: await pipelineByStage(ctx.db, filter),
  };
}
