import { isAppError } from '../app/errors.js';
import type { DealView } from '../crm/deals/deal.repository.js';
import { findDeal, updateDeal, type UpdateDealInput } from '../crm/deals/deal.service.js';
import { formatMoney, toMoney } from '../crm/money.js';
import { actions, button, context, fields, list, reply, text, type Block } from '../reply/reply.js';
import { customerFor } from './common/pick.js';
import { dealFields, dealTitle, rememberDeal } from './deals/deal-render.js';
import { undoButton } from './tickets/undo-button.js';
import { defineHandler, type HandlerContext, type HandlerResult } from './handler.js';

interface DealCandidate {
  id: number;
  title: string;
  stage: string;
  amount: string | null;
  currency: string;
}

const MAX_CHOICES = 5;

function isCandidateList(value: unknown): value is DealCandidate[] {
  return Array.isArray(value) && value.every((c) => typeof c === 'object' && c !== null && Number.isSafeInteger((c as DealCandidate).id));
}

/** Several open deals: offer them as buttons; the dispatcher re-runs the command with picked.dealId. */
function pickDeal(ctx: HandlerContext, message: string, candidates: DealCandidate[]): HandlerResult {
  const label = (c: DealCandidate) => `#${c.id} ${c.title} (${c.amount === null ? 'no amount' : formatMoney(c.amount, c.currency)}, ${c.stage})`;
  const question = message.replace(/:.*$/s, '.').trim();
  return {
    awaitingPick: true,
    reply: reply(
      text(`${question} Which one do you mean?`),
      actions(
        ...candidates.slice(0, MAX_CHOICES).map((c) => button(label(c), { verb: 'pick', value: `dealId=${c.id}`, forUserId: ctx.actor.id })),
        button('Cancel', { verb: 'cancel', value: 'pick', forUserId: ctx.actor.id }),
      ),
    ),
  };
}

/** The deal the user means: a picked one, a deal number, or the one open deal of a named customer. */
async function dealFor(ctx: HandlerContext, deal: number | string, picked: { dealId?: number; customerId?: number }): Promise<
  { ok: true; deal: DealView } | { ok: false; result: HandlerResult }
> {
  if (picked.dealId) return { ok: true, deal: await findDeal(ctx, { dealId: picked.dealId }) };
  if (typeof deal === 'number') return { ok: true, deal: await findDeal(ctx, { dealId: deal }) };
  const customer = await customerFor(ctx, deal, picked);
  if (!customer.ok) return customer;
  try {
    return { ok: true, deal: await findDeal(ctx, { customerId: customer.value.id }) };
  } catch (error) {
    if (isAppError(error, 'ambiguous') && isCandidateList(error.details?.candidates)) {
      return { ok: false, result: pickDeal(ctx, error.userMessage, error.details.candidates) };
    }
    throw error;
  }
}

export const updateDealHandler = defineHandler({
  intent: 'update_deal',
  writes: true,
  async handle(ctx, { slots, picked }) {
    const found = await dealFor(ctx, slots.deal, picked);
    if (!found.ok) return found.result;
    const input: UpdateDealInput = { dealId: found.deal.id };
    if (slots.stage) input.stage = slots.stage;
    if (slots.amount !== undefined) input.amount = toMoney(slots.amount);
    if (slots.close_date) input.closeDate = slots.close_date;

    const { deal, changes, restorePoint } = await updateDeal(ctx, input);
    if (!restorePoint) {
      return {
        reply: reply(text(`Deal ${dealTitle(deal)} already looks like that; nothing changed.`, 'muted'), fields(...dealFields(deal, ctx))),
        remember: rememberDeal(deal),
      };
    }
    const auditId = await ctx.audit({
      action: 'deal.update',
      entity: 'deal',
      entityId: deal.id,
      before: restorePoint,
      after: { stage: deal.stage, amount: deal.amount, close_date: deal.close_date, changes },
    });
    const blocks: Block[] = [text(`Updated deal ${dealTitle(deal)} (${deal.customer_name}):`, 'success'), list(changes)];
    if (restorePoint.fields.stage !== deal.stage && deal.stage === 'won') {
      blocks.push(context(`Won: ${formatMoney(deal.amount, deal.currency)} leaves the open pipeline and counts as closed business. Nice work!`));
    } else if (restorePoint.fields.stage !== deal.stage && deal.stage === 'lost') {
      blocks.push(context('Marked lost: it leaves the open pipeline. Log a note on why, while it’s fresh.'));
    }
    blocks.push(actions(undoButton(ctx, auditId)));
    return { reply: reply(...blocks), remember: rememberDeal(deal) };
  },
});
