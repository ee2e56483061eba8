import { customerFor } from './common/pick.js';
import { getCustomerCardByExactName } from '../crm/customers/customer-card.js';
import { cardResult, customerCardResult } from './customers/customer-card.render.js';
import { defineHandler } from './handler.js';

/**
 * "who is Acme?": one clear match shows the card (and is remembered for "log a call with
 * them"); several ask which one; none says so and offers to add it (customerFor does both).
 */
export const lookupCustomerHandler = defineHandler({
  intent: 'lookup_customer',
  writes: false,
  async handle(ctx, { slots, picked }) {
    // The name typed exactly (the usual case) is found and shown in one statement.
    const exact = picked.customerId ? undefined : await getCustomerCardByExactName(ctx.db, slots.query);
    if (exact) return cardResult(ctx, exact);
    const customer = await customerFor(ctx, slots.query, picked, { exactTried: true });
    if (!customer.ok) return customer.result;
    return customerCardResult(ctx, customer.value.id);
  },
});
