import { LIFECYCLE_STAGES, type Customer, type LifecycleStage } from '../crm/customers/customer.table.js';
import { cleanName, comparableName, companyDomainFromEmail, normaliseDomain, normaliseEmail, normalisePhone } from '../crm/validation.js';
import { allocateIds, fillEmptyColumns, insertRows } from './batch-sql.js';
import { exactCustomerMatches, similarCustomerNames } from './customer-matching.js';
import { RowCheck, type ImportContext, type ImportPlan } from './import-context.js';
import type { Enrichment } from './import-report.js';
import { foldFields, groupByKeys } from './merge-in-file.js';

/** One customer as the file describes it, after cleaning and merging its rows. */
export interface CustomerDraft {
  lines: number[];
  name: string;
  email?: string;
  phone?: string;
  /** From the website/domain column; wins over a domain read off the email. */
  domain?: string;
  emailDomain?: string;
  industry?: string;
  owner_id?: number;
  lifecycle_stage?: LifecycleStage;
}

type Fields = Omit<CustomerDraft, 'lines'>;
const FIELDS: (keyof Fields)[] = ['name', 'email', 'phone', 'domain', 'emailDomain', 'industry', 'owner_id', 'lifecycle_stage'];
const FILLABLE = ['email', 'phone', 'domain', 'industry', 'owner_id'] as const;

const domainOf = (d: Fields) => d.domain ?? d.emailDomain;

function cleanRow(ctx: ImportContext, check: RowCheck): Fields | undefined {
  const name = check.optional('name', (v) => cleanName(v, 'customer name')) ?? check.fail('the customer name is empty');
  const email = check.optional('email', normaliseEmail);
  const phone = check.optional('phone', (v) => normalisePhone(v, ctx.region));
  const domain = check.optional('domain', normaliseDomain);
  const industry = check.optional('industry', (v) => cleanName(v, 'industry', 100));
  const stage = check.optional('stage', (v) => v.toLowerCase().trim());
  if (stage && !(LIFECYCLE_STAGES as readonly string[]).includes(stage)) check.fail(`stage "${check.cell('stage')}" is not one of ${LIFECYCLE_STAGES.join(', ')}`);
  if (!check.done() || !name) return undefined;
  const owner = check.cell('owner');
  return {
    name, email, phone, domain, industry,
    emailDomain: email ? companyDomainFromEmail(email) : undefined,
    owner_id: owner ? ctx.owners.resolve(owner, check.row.line) : undefined,
    lifecycle_stage: stage as LifecycleStage | undefined,
  };
}

/** Cleans every row and merges the rows that share an email, phone, domain or comparable name. */
export function customerDrafts(ctx: ImportContext): CustomerDraft[] {
  const keyed = [];
  for (const row of ctx.table.rows) {
    const fields = cleanRow(ctx, new RowCheck(ctx, row));
    if (!fields) continue;
    const domain = domainOf(fields);
    const keys = [`name:${comparableName(fields.name)}`];
    if (fields.email) keys.push(`email:${fields.email}`);
    if (fields.phone) keys.push(`phone:${fields.phone}`);
    if (domain) keys.push(`domain:${domain}`);
    keyed.push({ item: { line: row.line, value: fields }, keys });
  }
  return groupByKeys(keyed).map((group) => {
    const { value, conflicts } = foldFields(group.items, FIELDS, (f, a, b) => a === b || (f === 'name' && comparableName(String(a)) === comparableName(String(b))));
    const lines = group.items.map((i) => i.line);
    if (lines.length > 1) ctx.report.mergedInFile.push({ lines, name: value.name!, on: group.on, conflicts });
    return { ...value, name: value.name!, lines };
  });
}

export async function planCustomers(ctx: ImportContext): Promise<ImportPlan> {
  const drafts = customerDrafts(ctx);
  ctx.report.validRows = drafts.reduce((n, d) => n + d.lines.length, 0);
  const { creates, updates } = await matchCustomers(ctx, drafts);
  return {
    async apply(db) {
      const ids = await allocateIds(db, 'customers', creates.length);
      await insertRows(db, 'customers', CUSTOMER_COLUMNS, creates.map((d, i) => newCustomerRow(d, ids[i]!)));
      await fillEmptyColumns(db, 'customers', UPDATE_COLUMNS, updates);
    },
  };
}

export const CUSTOMER_COLUMNS = {
  id: 'int8', name: 'text', email: 'text', phone: 'text', domain: 'text', industry: 'text', owner_id: 'int8', lifecycle_stage: 'text',
} as const;
const UPDATE_COLUMNS = { id: 'int8', email: 'text', phone: 'text', domain: 'text', industry: 'text', owner_id: 'int8' } as const;

export const newCustomerRow = (d: CustomerDraft, id: number) => ({
  id, name: d.name, email: d.email, phone: d.phone, domain: domainOf(d), industry: d.industry, owner_id: d.owner_id,
  lifecycle_stage: d.lifecycle_stage ?? 'lead',
});

type CustomerPatch = { id: number; email?: string; phone?: string; domain?: string; industry?: string; owner_id?: number };

/**
 * Splits drafts into new customers and fills of existing ones (exact email, then phone, then
 * domain), and reports fuzzy name look-alikes of the new ones. Several drafts that land on one
 * existing customer fill it in file order.
 */
export async function matchCustomers(
  ctx: ImportContext,
  drafts: CustomerDraft[],
): Promise<{ creates: CustomerDraft[]; updates: CustomerPatch[]; matched: Map<CustomerDraft, number> }> {
  const exact = await exactCustomerMatches(ctx.db, {
    emails: drafts.flatMap((d) => d.email ?? []),
    phones: drafts.flatMap((d) => d.phone ?? []),
    domains: drafts.flatMap((d) => domainOf(d) ?? []),
  });
  const creates: CustomerDraft[] = [];
  const matched = new Map<CustomerDraft, number>();
  const patches = new Map<number, { existing: Customer; patch: CustomerPatch; note: Enrichment }>();
  for (const d of drafts) {
    const domain = domainOf(d);
    const hit: [Customer | undefined, Enrichment['matchedOn']][] = [
      [d.email ? exact.byEmail.get(d.email) : undefined, 'email'],
      [d.phone ? exact.byPhone.get(d.phone) : undefined, 'phone'],
      [domain ? exact.byDomain.get(domain) : undefined, 'domain'],
    ];
    const [existing, matchedOn] = hit.find(([c]) => c) ?? [];
    if (!existing || !matchedOn) {
      creates.push(d);
      continue;
    }
    matched.set(d, existing.id);
    let entry = patches.get(existing.id);
    if (!entry) {
      entry = { existing, patch: { id: existing.id }, note: { entity: 'customers', lines: [], name: d.name, existingId: existing.id, existingName: existing.name, matchedOn, filled: [] } };
      patches.set(existing.id, entry);
      ctx.report.enrichments.push(entry.note);
    }
    entry.note.lines.push(...d.lines);
    const values: Record<(typeof FILLABLE)[number], string | number | undefined> = { email: d.email, phone: d.phone, domain, industry: d.industry, owner_id: d.owner_id };
    for (const field of FILLABLE) {
      // The email stays only if it is not some other customer's (the unique index would refuse it).
      if (field === 'email' && d.email && exact.byEmail.has(d.email) && exact.byEmail.get(d.email)!.id !== existing.id) continue;
      if (values[field] !== undefined && existing[field] === null && entry.patch[field] === undefined) {
        (entry.patch as Record<string, unknown>)[field] = values[field];
        entry.note.filled.push(field === 'owner_id' ? 'owner' : field);
      }
    }
  }
  const updates = [...patches.values()].filter((e) => e.note.filled.length).map((e) => e.patch);
  ctx.report.create.customers += creates.length;
  ctx.report.update.customers += updates.length;
  await reportLookAlikes(ctx, creates);
  return { creates, updates, matched };
}

export async function reportLookAlikes(ctx: ImportContext, creates: { lines: number[]; name: string }[]): Promise<void> {
  const similar = await similarCustomerNames(ctx.db, creates.map((d) => d.name));
  for (const d of creates) {
    const match = similar.get(d.name);
    if (match) ctx.report.possibleDuplicates.push({ lines: d.lines, name: d.name, existingId: match.id, existingName: match.name, similarity: match.similarity });
  }
}
