import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import type { Actor } from '../../../src/crm/context.js';
import { mergeCustomers, unmergeCustomers } from '../../../src/crm/customers/merge.js';
import { seedDemo } from '../../../src/seed/index.js';
import { TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';
import { snapshot } from './snapshot.js';

const t = useTestDatabase();

const customerId = async (name: string) => (await t.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const userNamed = async (name: string): Promise<Actor> => {
  const u = await t.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  return { id: u.id, name: u.name, role: u.role, timeZone: u.time_zone };
};
const COUNTED = ['contacts', 'activities', 'deals', 'tickets', 'orders', 'reminders', 'campaign_members', 'segments'] as const;
const countsFor = async (id: number) => {
  const out = {} as Record<(typeof COUNTED)[number], number>;
  for (const table of COUNTED) {
    const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', id).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
};

/**
 * The demo company plus what makes a merge interesting: a Jane Cooper at both (the source's has a
 * phone, the target's an email), both in one campaign, a saved segment and a reminder on the source.
 */
async function fixture() {
  await seedDemo(t.db, { now: TEST_NOW });
  const target = await customerId('Acme Corp');
  const source = await customerId('Acme Industries');
  await t.db.updateTable('customers').set({ industry: null, phone: null }).where('id', '=', target).execute();
  await t.db.updateTable('contacts').set({ phone: null }).where('email', '=', 'jane@acme.example').execute();
  const jane = await t.db.insertInto('contacts').values({ customer_id: source, name: 'jane cooper', phone: '+12065550142', title: 'Ops' }).returning('id').executeTakeFirstOrThrow();
  const marcus = await userNamed('Marcus Reed');
  await t.db.insertInto('activities').values({ customer_id: source, contact_id: jane.id, author_id: marcus.id, kind: 'call', summary: 'Spoke to Jane' }).execute();
  await t.db.insertInto('reminders').values({ owner_id: marcus.id, text: 'Call Acme Industries', due_at: TEST_NOW, customer_id: source }).execute();
  const campaign = await t.db.insertInto('campaigns').values({ name: 'Merge test', channel: 'email' }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('campaign_members').values([
    { campaign_id: campaign.id, customer_id: target, status: 'opened' },
    { campaign_id: campaign.id, customer_id: source, contact_id: jane.id, status: 'clicked' },
  ]).execute();
  await sql`insert into segments (customer_id, method, period_start, period_end, label) values (${source}, 'rfm', '2026-10-01', '2026-10-31', 'Champions')`.execute(t.db);
  return { target, source, jane: jane.id, campaign: campaign.id };
}

describe('merging customers', () => {
  it('moves everything to the target, folds the same-named contact, fills empty fields, and removes the source', async () => {
    const f = await fixture();
    const before = { source: await countsFor(f.source), target: await countsFor(f.target) };
    const sourceRow = await t.db.selectFrom('customers').selectAll().where('id', '=', f.source).executeTakeFirstOrThrow();
    const merged = await t.db.transaction().execute((tx) => mergeCustomers(tx, { sourceId: f.source, targetId: f.target, actor: { id: 0, name: 'x', role: 'admin', timeZone: 'UTC' }, now: TEST_NOW }));

    const after = await countsFor(f.target);
    expect(await countsFor(f.source)).toEqual({ contacts: 0, activities: 0, deals: 0, tickets: 0, orders: 0, reminders: 0, campaign_members: 0, segments: 0 });
    for (const table of ['activities', 'deals', 'tickets', 'orders', 'reminders'] as const) expect(after[table], table).toBe(before.target[table] + before.source[table]);
    // Jane Cooper was at both: one contact, with the target's email and the source's phone and title.
    expect(after.contacts).toBe(before.target.contacts + before.source.contacts - 1);
    const janes = await t.db.selectFrom('contacts').selectAll().where(sql<boolean>`lower(name) = 'jane cooper'`).execute();
    expect(janes).toHaveLength(1);
    expect(janes[0]).toMatchObject({ customer_id: f.target, email: 'jane@acme.example', phone: '+12065550142', title: 'Head of Operations' });
    const call = await t.db.selectFrom('activities').selectAll().where('summary', '=', 'Spoke to Jane').executeTakeFirstOrThrow();
    expect(call).toMatchObject({ customer_id: f.target, contact_id: janes[0]!.id });
    // One membership per campaign: the target's stays; the source's segment goes until the next snapshot.
    expect(await t.db.selectFrom('campaign_members').select(['customer_id', 'status']).where('campaign_id', '=', f.campaign).execute()).toEqual([{ customer_id: f.target, status: 'opened' }]);
    expect(after.segments).toBe(before.target.segments);

    expect(await t.db.selectFrom('customers').select('id').where('id', '=', f.source).executeTakeFirst()).toBeUndefined();
    expect(merged.target).toMatchObject({ name: 'Acme Corp', domain: 'acme.example', industry: sourceRow.industry, phone: sourceRow.phone });
    expect(merged.record.filled).toEqual({ phone: sourceRow.phone, industry: sourceRow.industry });
    expect(merged.moved).toMatchObject({ contacts: before.source.contacts, activities: before.source.activities, campaignMemberships: before.source.campaign_members });
  });

  it('undo restores every row exactly as it was', async () => {
    const f = await fixture();
    const before = await snapshot(t.db);
    const merged = await t.db.transaction().execute((tx) => mergeCustomers(tx, { sourceId: f.source, targetId: f.target, actor: { id: 0, name: 'x', role: 'manager', timeZone: 'UTC' }, now: TEST_NOW }));
    expect(await snapshot(t.db)).not.toEqual(before);
    // Through JSON, as the audit log stores it.
    const record: unknown = JSON.parse(JSON.stringify(merged.record));
    const said = await t.db.transaction().execute((tx) => unmergeCustomers(tx, record));
    expect(said).toEqual({ sourceName: 'Acme Industries', targetName: 'Acme Corp' });
    expect(await snapshot(t.db)).toEqual(before);
    await expect(t.db.transaction().execute((tx) => unmergeCustomers(tx, record))).rejects.toThrow(/already back/);
  });

  it('undo that would bring back a contact whose email someone else now has says so, and changes nothing', async () => {
    const f = await fixture();
    await t.db.updateTable('contacts').set({ email: null }).where('email', '=', 'jane@acme.example').execute();
    await t.db.updateTable('contacts').set({ email: 'jane.cooper@acme.example' }).where('id', '=', f.jane).execute();
    const merged = await t.db.transaction().execute((tx) => mergeCustomers(tx, { sourceId: f.source, targetId: f.target, actor: { id: 0, name: 'x', role: 'admin', timeZone: 'UTC' }, now: TEST_NOW }));
    // Since the merge: the folded Jane's email was edited, and a new contact took the old one.
    await t.db.updateTable('contacts').set({ email: 'jcooper@acme.example' }).where('email', '=', 'jane.cooper@acme.example').execute();
    await t.db.insertInto('contacts').values({ customer_id: f.target, name: 'J. Cooper', email: 'jane.cooper@acme.example' }).execute();
    const before = await snapshot(t.db);
    const record: unknown = JSON.parse(JSON.stringify(merged.record));
    const failure = await t.db.transaction().execute((tx) => unmergeCustomers(tx, record)).catch((e: unknown) => e);
    expect(isAppError(failure) && failure.message).toMatch(/Another contact now has jane.cooper@acme.example, so I can’t bring back jane cooper/);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('refuses sales staff who do not own both, and merging a customer into itself', async () => {
    const f = await fixture();
    const sarah = await userNamed('Sarah Chen');
    const attempt = (sourceId: number, targetId: number, actor: Actor) =>
      t.db.transaction().execute((tx) => mergeCustomers(tx, { sourceId, targetId, actor, now: TEST_NOW })).catch((e: unknown) => e);
    const refused = await attempt(f.source, f.target, sarah);
    expect(isAppError(refused, 'forbidden')).toBe(true);
    expect((refused as Error).message).toBe('Only a manager (or the owner of both) can merge Acme Industries into Acme Corp.');
    expect(isAppError(await attempt(f.target, f.target, sarah), 'invalid')).toBe(true);
    expect(await t.db.selectFrom('customers').select('id').where('id', '=', f.source).executeTakeFirst()).toBeDefined();

    // Sarah owns Acme Corp and Contoso.
    const contoso = await customerId('Contoso');
    const ok = await t.db.transaction().execute((tx) => mergeCustomers(tx, { sourceId: contoso, targetId: f.target, actor: sarah, now: TEST_NOW }));
    expect(ok.source.name).toBe('Contoso');
  });
});
