import { createFromSlots } from './customers/create-customer.flow.js';
import { defineHandler } from './handler.js';

/** "add customer Oceanic Airlines", "new contact: Ann Lee at Contoso": see create-customer.flow.ts. */
export const createCustomerHandler = defineHandler({
  intent: 'create_customer',
  writes: true,
  async handle(ctx, { slots, picked }) {
    return createFromSlots(ctx, slots, picked);
  },
});
