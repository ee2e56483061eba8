import type { Picked } from '../../app/conversation.js';
import { getCustomer, resolveContact, resolveCustomer } from '../../crm/customers/customer.service.js';
import type { CustomerCandidate } from '../../crm/customers/customer-search.js';
import type { Contact, Customer } from '../../crm/customers/customer.table.js';
import { actions, button, context, reply, text, type Action } from '../../reply/reply.js';
import type { HandlerContext, HandlerResult } from '../handler.js';

/** Either the entity, or the reply that asks the user to pick (the dispatcher keeps the command pending). */
export type Resolved<T> = { ok: true; value: T } | { ok: false; result: HandlerResult };

const MAX_CHOICES = 5;

function candidateLabel(c: CustomerCandidate): string {
  const detail = c.customer.domain ?? c.customer.industry ?? (c.customer.kind === 'person' ? 'person' : undefined);
  const via = c.contactName ? `, contact ${c.contactName}` : '';
  return `${c.customer.name}${detail ? ` (${detail}${via})` : via ? ` (${via.slice(2)})` : ''}`;
}

function pickButtons(ctx: HandlerContext, candidates: CustomerCandidate[]): Action[] {
  return [
    ...candidates.slice(0, MAX_CHOICES).map((c) =>
      button(candidateLabel(c), { verb: 'pick', value: `customerId=${c.customer.id}`, forUserId: ctx.actor.id }),
    ),
    button('Cancel', { verb: 'cancel', value: 'pick', forUserId: ctx.actor.id }),
  ];
}

/**
 * The customer a command is about: the one the user already picked, the single clear match
 * for what they typed, or a reply asking them to pick (several close) or saying none matched.
 */
export async function customerFor(ctx: HandlerContext, query: string, picked: Picked, options: { exactTried?: boolean } = {}): Promise<Resolved<Customer>> {
  if (picked.customerId) return { ok: true, value: await getCustomer(ctx.db, picked.customerId) };
  const resolution = await resolveCustomer(ctx.db, query, options);
  if (resolution.kind === 'match') return { ok: true, value: resolution.customer };
  if (resolution.kind === 'ambiguous') {
    return {
      ok: false,
      result: {
        awaitingPick: true,
        reply: reply(text(`Which “${query}” do you mean?`), actions(...pickButtons(ctx, resolution.candidates))),
      },
    };
  }
  const blocks = [text(`I couldn’t find a customer matching “${query}”.`, 'warning')];
  if (resolution.suggestions.length > 0) {
    blocks.push(text('Did you mean one of these?'), actions(...pickButtons(ctx, resolution.suggestions)));
  }
  blocks.push(context(`To add it, say “add customer ${query}”.`));
  return { ok: false, result: { awaitingPick: resolution.suggestions.length > 0, reply: reply(...blocks) } };
}

/**
 * A contact of the customer by name. Unlike customers, an unknown contact is not an error: the
 * caller decides (log the call anyway and say the person isn't a contact yet).
 */
export async function contactFor(
  ctx: HandlerContext,
  customer: Customer,
  name: string,
  picked: Picked,
): Promise<Resolved<Contact | null>> {
  if (picked.contactId) {
    const resolution = await resolveContact(ctx.db, customer.id, name);
    const chosen =
      resolution.kind === 'ambiguous' ? resolution.candidates.find((c) => c.contact.id === picked.contactId)?.contact : undefined;
    if (chosen) return { ok: true, value: chosen };
  }
  const resolution = await resolveContact(ctx.db, customer.id, name);
  if (resolution.kind === 'match') return { ok: true, value: resolution.contact };
  if (resolution.kind === 'none') return { ok: true, value: null };
  return {
    ok: false,
    result: {
      awaitingPick: true,
      reply: reply(
        text(`Which ${name} at ${customer.name}?`),
        actions(
          ...resolution.candidates.slice(0, MAX_CHOICES).map((c) =>
            button(c.contact.title ? `${c.contact.name} (${c.contact.title})` : c.contact.name, {
              verb: 'pick',
              value: `contactId=${c.contact.id}`,
              forUserId: ctx.actor.id,
            }),
          ),
          button('Cancel', { verb: 'cancel', value: 'pick', forUserId: ctx.actor.id }),
        ),
      ),
    },
  };
}
