import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../../src/app/errors.js';
import { STAGE_PROBABILITY } from '../../../src/crm/deals/deal-stages.js';
import { listStageHistory } from '../../../src/crm/deals/deal.repository.js';
import {
  createDeal,
  findDeal,
  listPipeline,
  moveDealStage,
  restoreDeal,
  updateDeal,
} from '../../../src/crm/deals/deal.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { advance, contextFor, insertCustomer, insertUser } from '../tickets/crm-fixtures.js';

const t = useTestDatabase();

async function setup() {
  const ann = await insertUser(t.db, 'Ann', 'sales');
  const bob = await insertUser(t.db, 'Bob', 'sales');
  const acme = await insertCustomer(t.db, 'Acme');
  return { ann, bob, acme, ctx: contextFor(t.db, ann), bobCtx: contextFor(t.db, bob) };
}

describe('deals', () => {
  it('creates a deal named after the customer, in USD at lead, owned by the actor, with a first history row', async () => {
    const { ctx, acme, ann } = await setup();
    const deal = await createDeal(ctx, { customerId: acme.id, amount: 50000, closeDate: '2026-11-30' });
    expect(deal).toMatchObject({
      title: 'Acme deal',
      amount: '50000.00',
      currency: 'USD',
      stage: 'lead',
      owner_id: ann.id,
      close_date: '2026-11-30',
      closed_at: null,
      weighted_amount: '5000.00',
    });
    const history = await listStageHistory(t.db, deal.id);
    expect(history.map((h) => [h.from_stage, h.to_stage, h.changed_by])).toEqual([[null, 'lead', ann.id]]);
  });

  it('keeps the stage history across moves and sets closed_at when won', async () => {
    const { ctx, acme } = await setup();
    const deal = await createDeal(ctx, { customerId: acme.id, title: 'Renewal', amount: '1200.50' });
    advance(ctx.clock, 24);
    await moveDealStage(ctx, { dealId: deal.id, stage: 'proposal' });
    advance(ctx.clock, 24);
    const won = await moveDealStage(ctx, { dealId: deal.id, stage: 'won' });
    expect(won.changes).toEqual(['stage proposal → won']);
    expect(won.deal.closed_at).toEqual(ctx.now());
    const history = await listStageHistory(t.db, deal.id);
    expect(history.map((h) => `${h.from_stage ?? '∅'}→${h.to_stage}`)).toEqual(['∅→lead', 'lead→proposal', 'proposal→won']);

    const reopened = await moveDealStage(ctx, { dealId: deal.id, stage: 'negotiation' });
    expect(reopened.deal.closed_at).toBeNull();
  });

  it('finds the one open deal of a customer, and asks which when there are two', async () => {
    const { ctx, acme } = await setup();
    const renewal = await createDeal(ctx, { customerId: acme.id, title: 'Renewal', amount: 50000 });
    expect((await findDeal(ctx, { customerId: acme.id })).id).toBe(renewal.id);

    const addOn = await createDeal(ctx, { customerId: acme.id, title: 'Add-on', stage: 'qualified' });
    const error = (await findDeal(ctx, { customerId: acme.id }).catch((e: unknown) => e)) as AppError;
    expect(isAppError(error, 'ambiguous')).toBe(true);
    expect(error.userMessage).toBe(
      `Acme has 2 open deals: #${renewal.id} Renewal ($50,000.00, lead); #${addOn.id} Add-on (no amount, qualified). Which one?`,
    );
    expect((error.details!.candidates as { id: number }[]).map((c) => c.id)).toEqual([renewal.id, addOn.id]);

    await moveDealStage(ctx, { dealId: addOn.id, stage: 'lost' });
    expect((await findDeal(ctx, { customerId: acme.id })).id).toBe(renewal.id);
  });

  it('says when a customer has no open deal or a deal id does not exist', async () => {
    const { ctx, acme } = await setup();
    await expect(findDeal(ctx, { customerId: acme.id })).rejects.toThrow('Acme has no open deal');
    await expect(findDeal(ctx, { dealId: 404 })).rejects.toSatisfy((e) => isAppError(e, 'not_found'));
  });

  it('changes amount and close date exactly, and undo puts the deal and its history back', async () => {
    const { ctx, acme } = await setup();
    const deal = await createDeal(ctx, { customerId: acme.id, amount: '0.10', closeDate: '2026-11-30' });
    const before = await t.db.selectFrom('deals').selectAll().where('id', '=', deal.id).executeTakeFirstOrThrow();
    advance(ctx.clock, 1);
    const result = await updateDeal(ctx, { dealId: deal.id, stage: 'won', amount: '0.30', closeDate: '2026-12-31' });
    expect(result.changes).toEqual(['stage lead → won', 'amount $0.10 → $0.30', 'close date 2026-11-30 → 2026-12-31']);
    expect(result.deal.amount).toBe('0.30');

    const restored = await restoreDeal(t.db, JSON.parse(JSON.stringify(result.restorePoint)));
    expect(restored).toEqual(before);
    expect((await listStageHistory(t.db, deal.id)).map((h) => h.to_stage)).toEqual(['lead']);
  });

  it('weights the pipeline by stage probability, per owner, exactly', async () => {
    const { ctx, bobCtx, acme } = await setup();
    expect(STAGE_PROBABILITY).toEqual({ lead: 10, qualified: 25, proposal: 50, negotiation: 75, won: 100, lost: 0 });
    await createDeal(ctx, { customerId: acme.id, title: 'A', amount: '0.10', stage: 'negotiation' });
    await createDeal(ctx, { customerId: acme.id, title: 'B', amount: '0.20', stage: 'negotiation' });
    await createDeal(ctx, { customerId: acme.id, title: 'C', amount: '999.99', stage: 'won' });
    await createDeal(bobCtx, { customerId: acme.id, title: 'D', amount: '100', stage: 'lead' });

    const mine = await listPipeline(ctx);
    expect(mine.deals.map((d) => d.title).sort()).toEqual(['A', 'B']);
    expect(mine.byStage).toEqual([{ stage: 'negotiation', currency: 'USD', deals: 2, amount: '0.30', weighted_amount: '0.23' }]);
    const everyone = await listPipeline(ctx, { ownerId: null });
    expect(everyone.byStage.map((s) => s.stage)).toEqual(['lead', 'negotiation']);
  });
});
