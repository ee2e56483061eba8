import type { Picked } from '../../app/conversation.js';
import { resolveCustomer } from '../../crm/customers/customer.service.js';
import type { Customer } from '../../crm/customers/customer.table.js';
import { customerFor, type Resolved } from '../common/pick.js';
import type { HandlerContext } from '../handler.js';

/**
 * A customer that only adds context (a reminder's "to Acme"): a clear match links it, several
 * close ones ask (through customerFor, so the pick buttons look the same everywhere), and no
 * match is not an error — "remind me to call Bob" must not fail because Bob is not a customer.
 */
export async function optionalCustomerFor(ctx: HandlerContext, query: string | undefined, picked: Picked): Promise<Resolved<Customer | null>> {
  if (!query && !picked.customerId) return { ok: true, value: null };
  if (picked.customerId) return customerFor(ctx, query ?? '', picked);
  const resolution = await resolveCustomer(ctx.db, query!);
  if (resolution.kind === 'match') return { ok: true, value: resolution.customer };
  if (resolution.kind === 'none') return { ok: true, value: null };
  return customerFor(ctx, query!, picked);
}
