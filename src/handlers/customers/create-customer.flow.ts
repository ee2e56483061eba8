import type { Picked } from '../../app/conversation.js';
import { isAppError } from '../../app/errors.js';
import { createContact, createCustomer } from '../../crm/customers/customer.service.js';
import type { CustomerKind } from '../../crm/customers/customer.table.js';
import { comparableName, isFreeMailDomain } from '../../crm/validation.js';
import type { Slots } from '../../intents/catalog.js';
import { actions, button, reply, text } from '../../reply/reply.js';
import { customerFor } from '../common/pick.js';
import type { HandlerContext, HandlerResult } from '../handler.js';
import { fieldsIfAny } from './fields-if-any.js';
import { undoActions } from './undo-button.js';

type CreateSlots = Slots<'create_customer'>;

interface DuplicateDetail {
  id: number;
  name: string;
  reason: string;
}

const MAX_USE_BUTTONS = 3;

/**
 * Deliberately simple: a customer is a person only when the name reads like one ("Jane Doe":
 * two or three capitalised words, no Inc/Ltd) and the email is at a free-mail provider, which
 * says nothing about a company. Everything else is a company, the common case in B2B.
 */
export function guessCustomerKind(name: string, email: string | undefined): CustomerKind {
  const domain = email?.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();
  if (!domain || !isFreeMailDomain(domain)) return 'company';
  const words = name.trim().split(/\s+/);
  const personLike = words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{Lu}[\p{L}'’-]*$/u.test(w));
  const hasSuffix = comparableName(name) !== name.toLowerCase().replace(/\s+/g, ' ').trim();
  return personLike && !hasSuffix ? 'person' : 'company';
}

function duplicatesOf(error: unknown): DuplicateDetail[] | null {
  if (!isAppError(error, 'conflict')) return null;
  const list = error.details?.duplicates;
  return Array.isArray(list) && list.length > 0 ? (list as DuplicateDetail[]) : null;
}

function whySimilar(d: DuplicateDetail, name: string): string {
  if (d.reason !== 'name') return `same ${d.reason}`;
  return comparableName(d.name) === comparableName(name) ? 'same name' : 'similar name';
}

/**
 * "Looks like Acme Corp already exists": the user chooses. The create_customer command stays
 * pending (awaitingPick), and "Create anyway" re-runs it from there with allowSimilar; the
 * buttons carry only ids and a fixed marker, never the typed name.
 */
function duplicateReply(ctx: HandlerContext, name: string, duplicates: DuplicateDetail[]): HandlerResult {
  const [first, ...others] = duplicates;
  const blocks = [text(`Looks like ${first!.name} already exists (${whySimilar(first!, name)}).`, 'warning')];
  if (others.length > 0) {
    blocks.push(text(`Also similar: ${others.slice(0, 3).map((d) => `${d.name} (${whySimilar(d, name)})`).join(', ')}.`));
  }
  blocks.push(
    actions(
      ...duplicates
        .slice(0, MAX_USE_BUTTONS)
        .map((d) => button(`Use ${d.name}`, { verb: 'customer.show', value: String(d.id), forUserId: ctx.actor.id }, 'primary')),
      button('Create anyway', { verb: 'customer.create_anyway', value: 'pending', forUserId: ctx.actor.id }),
      button('Cancel', { verb: 'cancel', value: 'create_customer', forUserId: ctx.actor.id }),
    ),
  );
  return { awaitingPick: true, reply: reply(...blocks) };
}

async function createContactAt(ctx: HandlerContext, slots: CreateSlots, picked: Picked): Promise<HandlerResult> {
  const company = await customerFor(ctx, slots.company!, picked);
  if (!company.ok) return company.result;
  const customer = company.value;
  const contact = await createContact(ctx, { customerId: customer.id, name: slots.name, email: slots.email, phone: slots.phone });
  const auditId = await ctx.audit({
    action: 'contact.create',
    entity: 'contact',
    entityId: contact.id,
    before: null,
    after: { contactId: contact.id, customerId: customer.id, name: contact.name, email: contact.email, phone: contact.phone },
  });
  return {
    reply: reply(
      text(`Added ${contact.name} as a contact at ${customer.name}.`, 'success'),
      ...fieldsIfAny(contact.email ? { label: 'Email', value: contact.email } : false, contact.phone ? { label: 'Phone', value: contact.phone } : false),
      undoActions(ctx, auditId),
    ),
    remember: { customer: { id: customer.id, name: customer.name } },
  };
}

async function createNewCustomer(ctx: HandlerContext, slots: CreateSlots, allowSimilar: boolean): Promise<HandlerResult> {
  const kind = guessCustomerKind(slots.name, slots.email);
  let customer;
  try {
    customer = await createCustomer(ctx, { name: slots.name, kind, email: slots.email, phone: slots.phone, allowSimilar });
  } catch (error) {
    const duplicates = duplicatesOf(error);
    if (duplicates) return duplicateReply(ctx, slots.name, duplicates);
    throw error;
  }
  const auditId = await ctx.audit({ action: 'customer.create', entity: 'customer', entityId: customer.id, before: null, after: customer });
  return {
    reply: reply(
      text(`Added ${customer.name} as a new ${customer.kind === 'person' ? 'customer (a person)' : 'customer'}, owned by you.`, 'success'),
      ...fieldsIfAny(
        customer.email ? { label: 'Email', value: customer.email } : false,
        customer.phone ? { label: 'Phone', value: customer.phone } : false,
        customer.domain ? { label: 'Domain', value: customer.domain } : false,
      ),
      undoActions(ctx, auditId),
    ),
    remember: { customer: { id: customer.id, name: customer.name } },
  };
}

/**
 * "add customer …" and "new contact: … at …": a person at a known company becomes a contact
 * there; anything else a customer, behind the service's duplicate guard unless `allowSimilar`.
 */
export async function createFromSlots(
  ctx: HandlerContext,
  slots: CreateSlots,
  picked: Picked,
  options: { allowSimilar?: boolean } = {},
): Promise<HandlerResult> {
  if (slots.company) return createContactAt(ctx, slots, picked);
  return createNewCustomer(ctx, slots, options.allowSimilar ?? false);
}
