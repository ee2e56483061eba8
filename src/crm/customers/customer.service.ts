import { AppError, conflict, invalid, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { CrmContext } from '../context.js';
import {
  cleanName, cleanOptionalText, cleanQuery, companyDomainFromEmail, normaliseDomain, normaliseEmail, normalisePhone,
} from '../validation.js';
import {
  findContactByEmail, findContactById, findCustomerByEmail, findCustomerById, insertContact, insertCustomer, listContacts,
  updateContactRow, updateCustomerRow,
} from './customer.repository.js';
import { exactNameMatch, findDuplicates, searchCustomers, type CustomerCandidate, type DuplicateCandidate } from './customer-search.js';
import {
  CUSTOMER_KINDS, LIFECYCLE_STAGES, type Contact, type ContactUpdate, type Customer, type CustomerKind, type CustomerUpdate,
  type LifecycleStage,
} from './customer.table.js';
import { decide, nameScore } from './name-match.js';

export interface CustomerInput {
  name: string;
  kind?: CustomerKind;
  email?: string | null;
  phone?: string | null;
  /** A URL or bare domain; when absent the domain comes from a company email address. */
  website?: string | null;
  industry?: string | null;
  /** Defaults to the actor. */
  ownerId?: number | null;
  lifecycleStage?: LifecycleStage;
  /** Create even when a customer with a similar name, phone or domain exists (never for the same email). */
  allowSimilar?: boolean;
}

export type CustomerPatch = Partial<Omit<CustomerInput, 'allowSimilar'>>;

export interface ContactInput {
  customerId: number;
  name: string;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
}

export type ContactPatch = Partial<Omit<ContactInput, 'customerId'>>;

const optional = <T>(value: T | null | undefined, fn: (v: T) => string): string | null =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? null : fn(value);

function checkKind(kind: string | undefined): CustomerKind | undefined {
  if (kind !== undefined && !(CUSTOMER_KINDS as readonly string[]).includes(kind)) {
    throw invalid(`A customer is either a company or a person, not "${kind}".`);
  }
  return kind as CustomerKind | undefined;
}

function checkStage(stage: string | undefined): LifecycleStage | undefined {
  if (stage !== undefined && !(LIFECYCLE_STAGES as readonly string[]).includes(stage)) {
    throw invalid(`"${stage}" is not a lifecycle stage; use one of ${LIFECYCLE_STAGES.join(', ')}.`);
  }
  return stage as LifecycleStage | undefined;
}

/** Normalises every given field; undefined stays undefined (not touched), empty becomes null. */
function normaliseCustomerFields(input: CustomerPatch, deriveDomain: boolean): CustomerUpdate {
  const out: CustomerUpdate = {};
  if (input.name !== undefined) out.name = cleanName(input.name, 'customer name');
  const kind = checkKind(input.kind);
  if (kind) out.kind = kind;
  const stage = checkStage(input.lifecycleStage);
  if (stage) out.lifecycle_stage = stage;
  if (input.email !== undefined) out.email = optional(input.email, normaliseEmail);
  if (input.phone !== undefined) out.phone = optional(input.phone, (v) => normalisePhone(v));
  if (input.website !== undefined) out.domain = optional(input.website, normaliseDomain);
  // Only on create: an update of the email must not silently move the customer's domain.
  if (deriveDomain && out.domain === undefined && out.email) out.domain = companyDomainFromEmail(out.email) ?? undefined;
  if (input.industry !== undefined) out.industry = cleanOptionalText(input.industry, 'industry', 200);
  if (input.ownerId !== undefined) out.owner_id = input.ownerId;
  return out;
}

async function checkOwner(db: DbOrTx, ownerId: number | null | undefined): Promise<void> {
  if (ownerId === null || ownerId === undefined) return;
  const user = await db.selectFrom('users').select('id').where('id', '=', ownerId).executeTakeFirst();
  if (!user) throw invalid(`I can't find the user to make owner (id ${ownerId}).`);
}

async function checkCustomerEmailFree(db: DbOrTx, email: string | null | undefined, selfId?: number): Promise<void> {
  if (!email) return;
  const existing = await findCustomerByEmail(db, email);
  if (existing && existing.id !== selfId) {
    throw conflict(`${existing.name} already has the email ${email}.`, { customerId: existing.id });
  }
}

async function checkContactEmailFree(db: DbOrTx, email: string | null | undefined, selfId?: number): Promise<void> {
  if (!email) return;
  const existing = await findContactByEmail(db, email);
  if (existing && existing.id !== selfId) {
    throw conflict(`${existing.name} at ${existing.customer_name} already has the email ${email}.`, {
      contactId: existing.id,
      customerId: existing.customer_id,
    });
  }
}

/** A unique index caught a race that the checks above could not: report it as a conflict. */
function asConflict(error: unknown, message: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' ? new AppError('conflict', message, undefined, { cause: error }) : error;
}

const describeDuplicate = (d: DuplicateCandidate): string =>
  d.reason === 'name' ? d.customer.name : `${d.customer.name} (same ${d.reason})`;

/**
 * Creates a customer. Refuses (conflict, with `details.duplicates`) when a customer with the
 * same email exists, or a similar one exists and `allowSimilar` is not set.
 */
export async function createCustomer(ctx: CrmContext, input: CustomerInput): Promise<Customer> {
  const fields = normaliseCustomerFields(input, true);
  const name = fields.name as string;
  return inTransaction(ctx.db, async (tx) => {
    await checkOwner(tx, fields.owner_id);
    await checkCustomerEmailFree(tx, fields.email as string | null | undefined);
    if (!input.allowSimilar) {
      const duplicates = await findDuplicates(tx, {
        name, email: fields.email as string | null, phone: fields.phone as string | null, domain: fields.domain as string | null,
      });
      if (duplicates.length > 0) {
        throw conflict(`There's already ${duplicates.slice(0, 3).map(describeDuplicate).join(', ')}. Is it the same customer?`, {
          duplicates: duplicates.map((d) => ({ id: d.customer.id, name: d.customer.name, reason: d.reason })),
        });
      }
    }
    try {
      return await insertCustomer(tx, {
        ...fields,
        name,
        owner_id: input.ownerId === undefined ? ctx.actor.id : input.ownerId,
      });
    } catch (error) {
      throw asConflict(error, `A customer with the email ${String(fields.email)} already exists.`);
    }
  });
}

export async function updateCustomer(ctx: CrmContext, id: number, patch: CustomerPatch): Promise<Customer> {
  const fields = normaliseCustomerFields(patch, false);
  return inTransaction(ctx.db, async (tx) => {
    const current = await findCustomerById(tx, id);
    if (!current) throw notFound(`I can't find that customer any more (id ${id}).`);
    await checkOwner(tx, fields.owner_id);
    await checkCustomerEmailFree(tx, fields.email as string | null | undefined, id);
    try {
      return (await updateCustomerRow(tx, id, { ...fields, updated_at: ctx.now() }))!;
    } catch (error) {
      throw asConflict(error, `Another customer already has the email ${String(fields.email)}.`);
    }
  });
}

export async function getCustomer(db: DbOrTx, id: number): Promise<Customer> {
  const customer = await findCustomerById(db, id);
  if (!customer) throw notFound(`I can't find that customer (id ${id}).`);
  return customer;
}

function normaliseContactFields(input: ContactPatch): ContactUpdate {
  const out: ContactUpdate = {};
  if (input.name !== undefined) out.name = cleanName(input.name, 'contact name');
  if (input.email !== undefined) out.email = optional(input.email, normaliseEmail);
  if (input.phone !== undefined) out.phone = optional(input.phone, (v) => normalisePhone(v));
  if (input.title !== undefined) out.title = cleanOptionalText(input.title, 'title', 200);
  return out;
}

export async function createContact(ctx: CrmContext, input: ContactInput): Promise<Contact> {
  const fields = normaliseContactFields(input);
  return inTransaction(ctx.db, async (tx) => {
    const customer = await findCustomerById(tx, input.customerId);
    if (!customer) throw notFound(`I can't find that customer (id ${input.customerId}).`);
    await checkContactEmailFree(tx, fields.email as string | null | undefined);
    try {
      return await insertContact(tx, { ...fields, name: fields.name as string, customer_id: customer.id });
    } catch (error) {
      throw asConflict(error, `Another contact already has the email ${String(fields.email)}.`);
    }
  });
}

export async function updateContact(ctx: CrmContext, id: number, patch: ContactPatch): Promise<Contact> {
  const fields = normaliseContactFields(patch);
  return inTransaction(ctx.db, async (tx) => {
    const current = await findContactById(tx, id);
    if (!current) throw notFound(`I can't find that contact any more (id ${id}).`);
    await checkContactEmailFree(tx, fields.email as string | null | undefined, id);
    try {
      return (await updateContactRow(tx, id, { ...fields, updated_at: ctx.now() }))!;
    } catch (error) {
      throw asConflict(error, `Another contact already has the email ${String(fields.email)}.`);
    }
  });
}

export type CustomerResolution =
  | { kind: 'match'; customer: Customer; candidate: CustomerCandidate }
  | { kind: 'ambiguous'; candidates: CustomerCandidate[] }
  | { kind: 'none'; suggestions: CustomerCandidate[] };

/** One customer for a name, email, phone or domain; or the close candidates; or suggestions. */
export async function resolveCustomer(db: DbOrTx, query: string, options: { exactTried?: boolean } = {}): Promise<CustomerResolution> {
  const exact = options.exactTried ? undefined : await exactNameMatch(db, query);
  if (exact) return { kind: 'match', customer: exact.customer, candidate: exact };
  const ranked = await searchCustomers(db, query, { limit: 10 });
  // Among exact hits only the most specific kind counts: a contact's exact email beats a
  // different customer that merely shares the email's domain.
  const decision = decide(ranked, (c) => c.score === 1 && c.matchedOn === ranked[0]?.matchedOn);
  if (decision.kind === 'match') return { kind: 'match', customer: decision.match.customer, candidate: decision.match };
  return decision;
}

export interface ContactCandidate {
  contact: Contact;
  score: number;
}

export type ContactResolution =
  | { kind: 'match'; contact: Contact }
  | { kind: 'ambiguous'; candidates: ContactCandidate[] }
  | { kind: 'none'; suggestions: ContactCandidate[] };

/** A contact of one customer by name ("Jane" → "Jane Cooper") or email. */
export async function resolveContact(db: DbOrTx, customerId: number, name: string): Promise<ContactResolution> {
  const query = cleanQuery(name).toLowerCase();
  const contacts = await listContacts(db, customerId);
  const ranked = contacts
    .map((contact) => ({ contact, score: contact.email && contact.email === query ? 1 : nameScore(query, contact.name) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.contact.name.localeCompare(b.contact.name));
  const decision = decide(ranked, (c) => c.score === 1);
  if (decision.kind === 'match') return { kind: 'match', contact: decision.match.contact };
  return decision;
}

export { findDuplicates, searchCustomers, listContacts };
