import { customerFor } from './common/pick.js';
import { customerCardResult } from './customers/customer-card.render.js';
import { defineHandler } from './handler.js';

/**
 * "who is Acme?": one clear match shows the card (and is remembered for "log a call with
 * them"); several ask which one; none says so and offers to add it (customerFor does both).
 */
export const lookupCustomerHandler = defineHandler({
  intent: 'lookup_customer',
  writes: false,
  async handle(ctx, { slots, picked }) {
    const customer = await customerFor(ctx, slots.query, picked);
    if (!customer.ok) return customer.result;
    return customerCardResult(ctx, customer.value.id);
  },
});
