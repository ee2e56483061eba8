import { sql, type Transaction } from 'kysely';
import { AppError, conflict, forbidden, invalid, notFound } from '../../app/errors.js';
import type { Database, DbOrTx } from '../../db/database.js';
import type { Actor } from '../context.js';
import type { Customer } from './customer.table.js';

/**
 * Merging customer `source` into `target`, and the exact reversal.
 *
 * The source row is deleted, not flagged: every query in the application (search, lookups,
 * reports, imports) would otherwise need a "not merged" filter, and one forgotten filter shows
 * an empty shell. Nothing is lost: the audit entry keeps the source row as Postgres wrote it
 * (to_jsonb, so microseconds and numerics survive) and the id of every row that moved, which is
 * all Undo needs to put the source back under its own id and move those rows back.
 *
 * What moves: every table with a foreign key to customers, found in the catalog so a table
 * added later moves too. Special cases:
 *   contacts          a source contact with the same name as a target contact (and no
 *                     conflicting email or phone) is folded into it: the target contact's empty
 *                     fields are filled, whatever pointed at the source contact points at the
 *                     target one, and the source contact is removed (kept in the audit entry).
 *                     Contact emails are unique across the CRM, so two records never share one.
 *   campaign_members  one row per campaign and customer: where both were members the target's
 *                     row stays and the source's is removed (and kept).
 *   segments          computed RFM snapshots: the source's are removed (and kept); the target's
 *                     are refreshed by the next snapshot.
 * The target keeps its own values; its empty email, phone, domain, industry and owner are filled
 * from the source.
 */

const FILLABLE = ['email', 'phone', 'domain', 'industry', 'owner_id'] as const;
const CONTACT_FILLABLE = ['email', 'phone', 'title'] as const;
type Row = Record<string, unknown>;

export interface MergeCounts {
  contacts: number;
  activities: number;
  deals: number;
  tickets: number;
  orders: number;
  reminders: number;
  campaignMemberships: number;
}

interface Moved {
  table: string;
  column: string;
  ids: number[];
}

interface FoldedContact {
  source: Row;
  targetId: number;
  filled: Row;
  targetUpdatedAt: unknown;
  repointed: Moved[];
}

/** What the audit entry keeps: enough to restore both customers exactly. */
export interface MergeRecord {
  version: 1;
  source: Row;
  targetId: number;
  /** Target fields that were empty and now hold the source's value. */
  filled: Row;
  targetUpdatedAt: unknown;
  moved: Moved[];
  foldedContacts: FoldedContact[];
  removed: { table: string; rows: Row[] }[];
}

export interface MergeResult {
  source: Customer;
  target: Customer;
  record: MergeRecord;
  moved: MergeCounts;
}

/** Managers and admins merge any two customers; anyone else only two they own. */
export function mergeRefusal(actor: Actor, source: Customer, target: Customer): string | null {
  if (actor.role === 'admin' || actor.role === 'manager') return null;
  if (source.owner_id === actor.id && target.owner_id === actor.id) return null;
  return `Only a manager (or the owner of both) can merge ${source.name} into ${target.name}.`;
}

/** Tables and columns referencing `table`(id) by a one-column foreign key, from the catalog. */
async function referencing(tx: Transaction<Database>, table: 'customers' | 'contacts'): Promise<Array<{ table: string; column: string }>> {
  const { rows } = await sql<{ table: string; column: string; has_id: boolean }>`
    select cl.relname as table, a.attname as column,
           exists (select 1 from pg_attribute i where i.attrelid = c.conrelid and i.attname = 'id' and not i.attisdropped) as has_id
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.confrelid = ${table}::regclass and cardinality(c.conkey) = 1
      and ns.nspname = current_schema()
    order by 1, 2`.execute(tx);
  // Undo moves rows back by id: a referencing table without one could not be restored exactly.
  const idless = rows.find((r) => !r.has_id);
  if (idless) throw new AppError('internal', `${idless.table} references ${table} but has no id column, so a merge could not be undone.`);
  return rows.map(({ table: t, column }) => ({ table: t, column }));
}

const ids = (rows: Array<{ id: unknown }>): number[] => rows.map((r) => Number(r.id));

async function lockCustomer(tx: Transaction<Database>, id: number): Promise<Customer | undefined> {
  return tx.selectFrom('customers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

async function rowsAsJson(tx: Transaction<Database>, table: string, column: string, value: number): Promise<Row[]> {
  const { rows } = await sql<{ row: Row }>`
    select to_jsonb(t) as row from ${sql.table(table)} t where ${sql.ref(column)} = ${value} order by id`.execute(tx);
  return rows.map((r) => r.row);
}

async function restoreRows(tx: Transaction<Database>, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(tx);
}

/** How many rows of each kind would move from `sourceId`: for the confirmation card. */
export async function mergeCounts(db: DbOrTx, sourceId: number): Promise<MergeCounts> {
  const { rows: [row] } = await sql<Record<keyof MergeCounts, string | number>>`
    select (select count(*) from contacts where customer_id = ${sourceId}) as contacts,
           (select count(*) from activities where customer_id = ${sourceId}) as activities,
           (select count(*) from deals where customer_id = ${sourceId}) as deals,
           (select count(*) from tickets where customer_id = ${sourceId}) as tickets,
           (select count(*) from orders where customer_id = ${sourceId}) as orders,
           (select count(*) from reminders where customer_id = ${sourceId}) as reminders,
           (select count(*) from campaign_members where customer_id = ${sourceId}) as "campaignMemberships"`.execute(db);
  const out = {} as MergeCounts;
  for (const [k, v] of Object.entries(row ?? {})) out[k as keyof MergeCounts] = Number(v);
  return out;
}

const sameName = (a: string, b: string) => a.toLowerCase().replace(/\s+/g, ' ').trim() === b.toLowerCase().replace(/\s+/g, ' ').trim();
const compatible = (a: unknown, b: unknown) => a === null || b === null || a === b;

/**
 * Merges `sourceId` into `targetId` in the caller's transaction. Checks the actor may; returns
 * what the audit entry must keep (see MergeRecord) and what moved.
 */
export async function mergeCustomers(
  tx: Transaction<Database>,
  input: { sourceId: number; targetId: number; actor: Actor; now: Date },
): Promise<MergeResult> {
  if (input.sourceId === input.targetId) throw invalid('That is the same customer twice: there is nothing to merge.');
  // Lock in id order so two merges of the same pair cannot deadlock.
  const [first, second] = [input.sourceId, input.targetId].sort((a, b) => a - b) as [number, number];
  const locked = new Map<number, Customer | undefined>([[first, await lockCustomer(tx, first)], [second, await lockCustomer(tx, second)]]);
  const source = locked.get(input.sourceId);
  const target = locked.get(input.targetId);
  if (!source || !target) throw notFound('One of those customers no longer exists (it may have been merged already).');
  const refusal = mergeRefusal(input.actor, source, target);
  if (refusal) throw forbidden(refusal);
  const moved = await mergeCounts(tx, source.id);

  const [{ row: sourceRow }] = (await sql<{ row: Row }>`select to_jsonb(c) as row from customers c where id = ${source.id}`.execute(tx)).rows as [{ row: Row }];
  const [{ row: targetRow }] = (await sql<{ row: Row }>`select to_jsonb(c) as row from customers c where id = ${target.id}`.execute(tx)).rows as [{ row: Row }];
  const record: MergeRecord = {
    version: 1, source: sourceRow, targetId: target.id, filled: {}, targetUpdatedAt: targetRow.updated_at, moved: [], foldedContacts: [], removed: [],
  };

  // First what cannot move, snapshotted before contacts are repointed: memberships of campaigns
  // the target is in already, and computed segments.
  const duplicateMemberships = await sql<{ row: Row }>`
    select to_jsonb(m) as row from campaign_members m
    where m.customer_id = ${source.id}
      and exists (select 1 from campaign_members t where t.customer_id = ${target.id} and t.campaign_id = m.campaign_id)
    order by m.id`.execute(tx);
  const removedMembers = duplicateMemberships.rows.map((r) => r.row);
  if (removedMembers.length) {
    await tx.deleteFrom('campaign_members').where('id', 'in', removedMembers.map((r) => Number(r.id))).execute();
    record.removed.push({ table: 'campaign_members', rows: removedMembers });
  }
  const segments = await rowsAsJson(tx, 'segments', 'customer_id', source.id);
  if (segments.length) {
    await tx.deleteFrom('segments').where('customer_id', '=', source.id).execute();
    record.removed.push({ table: 'segments', rows: segments });
  }

  // Then contacts: folding one repoints rows (activities, campaign members) by contact id.
  const contactRefs = await referencing(tx, 'contacts');
  const targetContacts = await tx.selectFrom('contacts').selectAll().where('customer_id', '=', target.id).orderBy('id').execute();
  const sourceContacts = await rowsAsJson(tx, 'contacts', 'customer_id', source.id);
  const movedContacts: number[] = [];
  for (const sc of sourceContacts) {
    const twin = targetContacts.find((tc) => sameName(tc.name, String(sc.name)) && compatible(tc.email, sc.email ?? null) && compatible(tc.phone, sc.phone ?? null));
    if (!twin) {
      movedContacts.push(Number(sc.id));
      continue;
    }
    const folded: FoldedContact = { source: sc, targetId: twin.id, filled: {}, targetUpdatedAt: null, repointed: [] };
    for (const ref of contactRefs) {
      const rows = await sql<{ id: unknown }>`
        update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${twin.id} where ${sql.ref(ref.column)} = ${Number(sc.id)} returning id`.execute(tx);
      if (rows.rows.length) folded.repointed.push({ ...ref, ids: ids(rows.rows) });
    }
    await tx.deleteFrom('contacts').where('id', '=', Number(sc.id)).execute();
    for (const field of CONTACT_FILLABLE) if (twin[field] === null && sc[field] !== null && sc[field] !== undefined) folded.filled[field] = sc[field];
    const { rows: [was] } = await sql<{ updated_at: unknown }>`select to_jsonb(c)->'updated_at' as updated_at from contacts c where id = ${twin.id}`.execute(tx);
    folded.targetUpdatedAt = was?.updated_at ?? null;
    await tx.updateTable('contacts').set({ ...(folded.filled as Record<string, string>), updated_at: input.now }).where('id', '=', twin.id).execute();
    record.foldedContacts.push(folded);
  }
  if (movedContacts.length) {
    await tx.updateTable('contacts').set({ customer_id: target.id }).where('id', 'in', movedContacts).execute();
    record.moved.push({ table: 'contacts', column: 'customer_id', ids: movedContacts });
  }

  for (const ref of await referencing(tx, 'customers')) {
    if (ref.table === 'contacts' || ref.table === 'segments') continue;
    const rows = await sql<{ id: unknown }>`
      update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${target.id} where ${sql.ref(ref.column)} = ${source.id} returning id`.execute(tx);
    if (rows.rows.length) record.moved.push({ ...ref, ids: ids(rows.rows) });
  }

  // The source goes before the target takes its email: customer emails are unique.
  await tx.deleteFrom('customers').where('id', '=', source.id).execute();
  for (const field of FILLABLE) if (target[field] === null && source[field] !== null) record.filled[field] = source[field];
  const updated = await tx
    .updateTable('customers')
    .set({ ...(record.filled as Partial<Pick<Customer, (typeof FILLABLE)[number]>>), updated_at: input.now })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { source, target: updated, record, moved };
}

/** `f = null, …, updated_at = <as it was>`; the timestamp goes through jsonb so no precision is lost. */
const assignments = (cleared: string[], updatedAt: unknown) =>
  sql.join([
    ...cleared.map((f) => sql`${sql.ref(f)} = null`),
    sql`updated_at = (${JSON.stringify(updatedAt)}::jsonb #>> '{}')::timestamptz`,
  ]);

function mergeRecord(value: unknown): MergeRecord {
  const r = value as Partial<MergeRecord> | null;
  if (!r || r.version !== 1 || typeof r.source !== 'object' || !Number.isSafeInteger(r.targetId) || !Array.isArray(r.moved)) {
    throw new AppError('invalid', 'That merge can’t be undone from chat: its record is incomplete.');
  }
  return r as MergeRecord;
}

/**
 * Puts a merge back: the target's filled fields are emptied again (where still the merged value),
 * the source returns under its own id, moved rows move back, folded contacts reappear, removed
 * rows are re-inserted. Rows added to the target since the merge stay with the target.
 */
export async function unmergeCustomers(tx: Transaction<Database>, value: unknown): Promise<{ sourceName: string; targetName: string }> {
  const record = mergeRecord(value);
  const sourceId = Number(record.source.id);
  const target = await lockCustomer(tx, record.targetId);
  if (!target) throw notFound('The customer it was merged into no longer exists, so the merge can’t be undone.');
  if (await tx.selectFrom('customers').select('id').where('id', '=', sourceId).executeTakeFirst()) {
    throw conflict(`${String(record.source.name)} is already back.`);
  }

  const clear = Object.entries(record.filled).filter(([field, v]) => target[field as keyof Customer] === v).map(([field]) => field);
  await sql`update customers set ${assignments(clear, record.targetUpdatedAt)} where id = ${target.id}`.execute(tx);
  try {
    await restoreRows(tx, 'customers', [record.source]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw conflict(`Another customer now has ${String(record.source.name)}’s email, so I can’t bring it back.`);
    throw error;
  }

  const contactMoves = record.moved.filter((m) => m.table === 'contacts');
  for (const m of contactMoves) {
    await tx.updateTable('contacts').set({ customer_id: sourceId }).where('id', 'in', m.ids).where('customer_id', '=', target.id).execute();
  }
  for (const folded of record.foldedContacts) {
    const twin = await tx.selectFrom('contacts').selectAll().where('id', '=', folded.targetId).executeTakeFirst();
    if (twin) {
      const back = Object.entries(folded.filled).filter(([f, v]) => twin[f as keyof typeof twin] === v).map(([f]) => f);
      await sql`update contacts set ${assignments(back, folded.targetUpdatedAt)} where id = ${twin.id}`.execute(tx);
    }
    try {
      await restoreRows(tx, 'contacts', [folded.source]);
    } catch (error) {
      // Contact emails are unique across the CRM: someone may have added one with this email since.
      if ((error as { code?: string }).code === '23505') {
        throw conflict(`Another contact now has ${String(folded.source.email ?? folded.source.name)}, so I can’t bring back ${String(folded.source.name)}. Nothing was changed.`);
      }
      throw error;
    }
  }
  // Rows move back only if they still belong to the target: a row moved again since stays put.
  for (const m of record.moved) {
    if (m.table === 'contacts') continue;
    await sql`update ${sql.table(m.table)} set ${sql.ref(m.column)} = ${sourceId}
      where id = any(${m.ids}::int8[]) and ${sql.ref(m.column)} = ${target.id}`.execute(tx);
  }
  for (const folded of record.foldedContacts) {
    for (const m of folded.repointed) {
      await sql`update ${sql.table(m.table)} set ${sql.ref(m.column)} = ${Number(folded.source.id)}
        where id = any(${m.ids}::int8[]) and ${sql.ref(m.column)} = ${folded.targetId}`.execute(tx);
    }
  }
  for (const removed of record.removed) await restoreRows(tx, removed.table, removed.rows);
  return { sourceName: String(record.source.name), targetName: target.name };
}
