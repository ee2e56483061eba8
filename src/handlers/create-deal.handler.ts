import { createDeal, type CreateDealInput } from '../crm/deals/deal.service.js';
import { toMoney } from '../crm/money.js';
import { actions, fields, reply, text } from '../reply/reply.js';
import { customerFor } from './common/pick.js';
import { dealFields, dealTitle, rememberDeal } from './deals/deal-render.js';
import { undoButton } from './tickets/undo-button.js';
import { defineHandler } from './handler.js';

/**
 * The parser gives "expansion" for "new deal: Contoso expansion"; a title reads better in lists
 * with the customer in it, so it is prefixed unless the user already wrote it.
 */
function titleFor(customerName: string, title: string | undefined): string | undefined {
  if (!title) return undefined;
  const first = customerName.toLowerCase().split(/\s+/)[0]!;
  return title.toLowerCase().startsWith(first) ? title : `${customerName} ${title}`;
}

export const createDealHandler = defineHandler({
  intent: 'create_deal',
  writes: true,
  async handle(ctx, { slots, picked }) {
    const resolved = await customerFor(ctx, slots.customer, picked);
    if (!resolved.ok) return resolved.result;
    const customer = resolved.value;

    const input: CreateDealInput = { customerId: customer.id };
    const title = titleFor(customer.name, slots.title);
    if (title) input.title = title;
    // The slot is a parsed number; toMoney makes it an exact decimal string before it goes anywhere.
    if (slots.amount !== undefined) input.amount = toMoney(slots.amount);
    if (slots.currency) input.currency = slots.currency;
    if (slots.stage) input.stage = slots.stage;
    if (slots.close_date) input.closeDate = slots.close_date;

    const deal = await createDeal(ctx, input);
    const auditId = await ctx.audit({ action: 'deal.create', entity: 'deal', entityId: deal.id, after: { dealId: deal.id } });
    return {
      reply: reply(
        text(`Created deal ${dealTitle(deal)} for ${customer.name}.`, 'success'),
        fields(...dealFields(deal, ctx)),
        actions(undoButton(ctx, auditId)),
      ),
      remember: rememberDeal(deal),
    };
  },
});
