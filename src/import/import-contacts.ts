import { sql } from 'kysely';
import type { Contact } from '../crm/customers/customer.table.js';
import { cleanName, comparableName, companyDomainFromEmail, normaliseEmail, normalisePhone } from '../crm/validation.js';
import { allocateIds, array, chunks, fillEmptyColumns, insertRows } from './batch-sql.js';
import { refProblem, resolveCustomerRefs } from './customer-matching.js';
import { RowCheck, type ImportContext, type ImportPlan } from './import-context.js';
import { CUSTOMER_COLUMNS, matchCustomers, newCustomerRow, type CustomerDraft } from './import-customers.js';
import type { Enrichment } from './import-report.js';
import { foldFields, groupByKeys } from './merge-in-file.js';

interface ContactFields {
  name: string;
  email?: string;
  phone?: string;
  title?: string;
  /** The company cell, or the company domain of the email when the cell is empty. */
  company: string;
}
interface ContactDraft extends ContactFields {
  lines: number[];
}

const FIELDS: (keyof ContactFields)[] = ['name', 'email', 'phone', 'title', 'company'];

function cleanRow(ctx: ImportContext, check: RowCheck): ContactFields | undefined {
  const joined = check.cell('name') || [check.cell('firstName'), check.cell('lastName')].filter(Boolean).join(' ');
  let name: string | undefined;
  try {
    name = cleanName(joined, 'contact name');
  } catch {
    check.fail(joined ? 'the contact name is too long' : 'the contact name is empty');
  }
  const email = check.optional('email', normaliseEmail);
  const phone = check.optional('phone', (v) => normalisePhone(v, ctx.region));
  const title = check.optional('title', (v) => cleanName(v, 'title'));
  const company = check.optional('customer', (v) => cleanName(v, 'company name')) ?? (email ? companyDomainFromEmail(email) : undefined);
  if (!company && !check.reasons.length) check.fail('no company given (and the email is not at a company domain)');
  if (!check.done() || !name || !company) return undefined;
  return { name, email, phone, title, company };
}

// "Jane Cooper" / "jane cooper" and "Acme" / "ACME Inc." are one spelling, not a conflict.
const sameValue = (field: keyof ContactFields, a: unknown, b: unknown): boolean =>
  String(a).toLowerCase() === String(b).toLowerCase() || (field === 'company' && comparableName(String(a)) === comparableName(String(b)));

function contactDrafts(ctx: ImportContext): ContactDraft[] {
  const keyed = [];
  for (const row of ctx.table.rows) {
    const fields = cleanRow(ctx, new RowCheck(ctx, row));
    if (!fields) continue;
    // The same person at the same company; a shared email or phone is the same person anywhere.
    const keys = [`name:${comparableName(fields.company)}|${fields.name.toLowerCase()}`];
    if (fields.email) keys.push(`email:${fields.email}`);
    if (fields.phone) keys.push(`phone:${fields.phone}`);
    keyed.push({ item: { line: row.line, value: fields }, keys });
  }
  return groupByKeys(keyed).map((group) => {
    const { value, conflicts } = foldFields(group.items, FIELDS, sameValue);
    const lines = group.items.map((i) => i.line);
    if (lines.length > 1) ctx.report.mergedInFile.push({ lines, name: value.name!, on: group.on, conflicts });
    return { ...(value as ContactFields), lines };
  });
}

/**
 * Contacts attach to an existing customer (by name, email or domain); a company the CRM does not
 * know yet is created with them, going through the same exact/fuzzy matching as a customers file.
 */
export async function planContacts(ctx: ImportContext): Promise<ImportPlan> {
  const drafts = contactDrafts(ctx);
  const refs = await resolveCustomerRefs(ctx.db, drafts.map((d) => d.company));
  const newCompanies = new Map<string, CustomerDraft>();
  const usable: ContactDraft[] = [];
  for (const d of drafts) {
    const ref = refs.get(d.company);
    if (ref && 'ambiguous' in ref) {
      for (const line of d.lines) ctx.report.rejected.push({ line, reason: refProblem(d.company, ref)! });
      continue;
    }
    usable.push(d);
    if (ref) continue;
    const key = comparableName(d.company);
    const company = newCompanies.get(key) ?? { lines: [], name: d.company };
    company.lines.push(...d.lines);
    const domain = d.email ? companyDomainFromEmail(d.email) : undefined;
    if (domain && !company.emailDomain) company.emailDomain = domain;
    newCompanies.set(key, company);
  }
  ctx.report.validRows = usable.reduce((n, d) => n + d.lines.length, 0);
  const companyDrafts = [...newCompanies.values()];
  const companies = await matchCustomers(ctx, companyDrafts);
  const customerIdOf = (d: ContactDraft): number | CustomerDraft => {
    const ref = refs.get(d.company);
    if (ref && 'id' in ref) return ref.id;
    const company = newCompanies.get(comparableName(d.company))!;
    return companies.matched.get(company) ?? company;
  };

  const existing = await existingContacts(ctx, usable.map((d) => ({ draft: d, customer: customerIdOf(d) })));
  const creates: { draft: ContactDraft; customer: number | CustomerDraft }[] = [];
  const patches = new Map<number, { id: number; email?: string; phone?: string; title?: string; note: Enrichment }>();
  for (const d of usable) {
    const customer = customerIdOf(d);
    const hit = existing(d, customer);
    if (!hit) {
      creates.push({ draft: d, customer });
      continue;
    }
    const [contact, matchedOn] = hit;
    let patch = patches.get(contact.id);
    if (!patch) {
      patch = { id: contact.id, note: { entity: 'contacts', lines: [], name: d.name, existingId: contact.id, existingName: contact.name, matchedOn, filled: [] } };
      patches.set(contact.id, patch);
      ctx.report.enrichments.push(patch.note);
    }
    patch.note.lines.push(...d.lines);
    for (const field of ['email', 'phone', 'title'] as const) {
      if (d[field] && contact[field] === null && patch[field] === undefined && !(field === 'email' && existing.emailTaken(d.email!, contact.id))) {
        patch[field] = d[field];
        patch.note.filled.push(field);
      }
    }
  }
  const updates = [...patches.values()].filter((p) => p.note.filled.length).map(({ note: _note, ...patch }) => patch);
  ctx.report.create.contacts += creates.length;
  ctx.report.update.contacts += updates.length;

  return {
    async apply(db) {
      const customerIds = await allocateIds(db, 'customers', companies.creates.length);
      const newCustomerId = new Map(companies.creates.map((c, i) => [c, customerIds[i]!]));
      await insertRows(db, 'customers', CUSTOMER_COLUMNS, companies.creates.map((c) => newCustomerRow(c, newCustomerId.get(c)!)));
      await fillEmptyColumns(db, 'customers', { id: 'int8', email: 'text', phone: 'text', domain: 'text', industry: 'text', owner_id: 'int8' }, companies.updates);
      const ids = await allocateIds(db, 'contacts', creates.length);
      await insertRows(db, 'contacts', { id: 'int8', customer_id: 'int8', name: 'text', email: 'text', phone: 'text', title: 'text' },
        creates.map(({ draft, customer }, i) => ({
          id: ids[i]!, customer_id: typeof customer === 'number' ? customer : newCustomerId.get(customer)!,
          name: draft.name, email: draft.email, phone: draft.phone, title: draft.title,
        })));
      await fillEmptyColumns(db, 'contacts', { id: 'int8', email: 'text', phone: 'text', title: 'text' }, updates);
    },
  };
}

type ContactHit = [Contact, Enrichment['matchedOn']] | undefined;

/** Existing contacts by email, phone, or the same name at the same customer, loaded in batches. */
async function existingContacts(ctx: ImportContext, items: { draft: ContactDraft; customer: number | CustomerDraft }[]) {
  const load = async (column: 'email' | 'phone', values: string[]) => {
    const map = new Map<string, Contact>();
    for (const part of chunks([...new Set(values)], 20_000)) {
      const rows = await ctx.db.selectFrom('contacts').selectAll().where(sql<boolean>`${sql.ref(column)} = any(${array(part, 'text')})`).orderBy('id').execute();
      for (const row of rows) if (!map.has(row[column]!)) map.set(row[column]!, row);
    }
    return map;
  };
  const byEmail = await load('email', items.flatMap((i) => i.draft.email ?? []));
  const byPhone = await load('phone', items.flatMap((i) => i.draft.phone ?? []));
  const customerIds = [...new Set(items.flatMap((i) => (typeof i.customer === 'number' ? [i.customer] : [])))];
  const byName = new Map<string, Contact>();
  for (const part of chunks(customerIds, 20_000)) {
    const rows = await ctx.db.selectFrom('contacts').selectAll().where(sql<boolean>`customer_id = any(${array(part, 'int8')})`).orderBy('id').execute();
    for (const row of rows) {
      const key = `${row.customer_id}|${row.name.toLowerCase()}`;
      if (!byName.has(key)) byName.set(key, row);
    }
  }
  const find = (d: ContactDraft, customer: number | CustomerDraft): ContactHit => {
    if (d.email && byEmail.has(d.email)) return [byEmail.get(d.email)!, 'email'];
    if (d.phone && byPhone.has(d.phone)) return [byPhone.get(d.phone)!, 'phone'];
    const named = typeof customer === 'number' ? byName.get(`${customer}|${d.name.toLowerCase()}`) : undefined;
    return named ? [named, 'name'] : undefined;
  };
  return Object.assign(find, {
    emailTaken: (email: string, contactId: number) => byEmail.has(email) && byEmail.get(email)!.id !== contactId,
  });
}
