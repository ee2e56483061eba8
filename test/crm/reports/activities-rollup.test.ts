import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deleteActivityRow } from '../../../src/crm/activities/activity.repository.js';
import { logActivity } from '../../../src/crm/activities/activity.service.js';
import { activitiesReport } from '../../../src/crm/reports/activities.report.js';
import type { NewActivity } from '../../../src/crm/activities/activity.table.js';
import type { Database } from '../../../src/db/database.js';
import { useTestDatabase } from '../../support/test-db.js';
import { contextFor, insertUser } from '../tickets/crm-fixtures.js';
import { addCustomer } from './report-fixtures.js';

// The activities report counts the hourly rollup (activity_counts_hourly) that triggers on
// activities keep in the same transaction as every write: these check it against the activities.

const t = useTestDatabase();
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };

/** Rollup rows that differ from the same counts over activities (none when in step). */
async function rollupDrift(db: Kysely<Database>): Promise<unknown[]> {
  const { rows } = await sql`
    with truth as (
      select date_bin('1 hour', occurred_at, timestamptz '2000-01-01 00:00:00+00') as hour, coalesce(author_id, 0) as author_key, kind, count(*)::int8 as n
      from activities group by 1, 2, 3
    )
    select * from truth t full join activity_counts_hourly r using (hour, author_key, kind)
    where t.n is distinct from r.n`.execute(db);
  return rows;
}

/** The report's figures as counted straight from activities, in the zone's month. */
async function countedFromActivities(db: Kysely<Database>, timeZone: string, authorId?: number) {
  const { rows } = await sql<{ author_id: number | null; kind: string; n: number }>`
    select author_id, kind, count(*)::int8 as n from activities
    where to_char(occurred_at at time zone ${timeZone}, 'YYYY-MM') = '2026-11'
      ${authorId === undefined ? sql`` : sql`and author_id = ${authorId}`}
    group by 1, 2`.execute(db);
  return rows.map((r) => `${r.author_id ?? 'none'} ${r.kind} ${r.n}`).sort();
}

async function reported(db: Kysely<Database>, timeZone: string, ownerId?: number) {
  const report = await activitiesReport(db, { period: NOVEMBER, timeZone, ...(ownerId === undefined ? {} : { ownerId }) });
  return report.byAuthor
    .flatMap((a) => Object.entries(a.byKind).filter(([, n]) => n > 0).map(([kind, n]) => `${a.authorId ?? 'none'} ${kind} ${n}`))
    .sort();
}

describe('hourly activity rollup', () => {
  it('stays equal to the activities through logging, Undo, bulk inserts, edits and deletes', async () => {
    const ann = await insertUser(t.db, 'Ann', 'sales');
    const bob = await insertUser(t.db, 'Bob', 'sales');
    const acme = await addCustomer(t.db, 'Acme');
    const globex = await addCustomer(t.db, 'Globex');
    const clock = { now: new Date('2026-11-18T15:10:00Z') };

    const call = await logActivity(contextFor(t.db, ann, clock), { kind: 'call', customerId: acme });
    clock.now = new Date('2026-11-18T15:50:00Z'); // the same hour
    await logActivity(contextFor(t.db, ann, clock), { kind: 'call', customerId: acme });
    await logActivity(contextFor(t.db, bob, clock), { kind: 'note', customerId: globex });
    expect(await rollupDrift(t.db)).toEqual([]);
    let report = await activitiesReport(t.db, { period: NOVEMBER, timeZone: 'UTC' });
    expect(report.byKind).toEqual({ call: 2, meeting: 0, email: 0, note: 1 });

    // Undo of a logged activity deletes its row.
    await deleteActivityRow(t.db, call.activity.id);
    expect(await rollupDrift(t.db)).toEqual([]);

    // One statement, many rows and hours (an import, the seed).
    const at = (i: number) => new Date(Date.parse('2026-11-01T00:00:00Z') + i * 5_400_000).toISOString();
    const rows: NewActivity[] = Array.from({ length: 300 }, (_, i) => ({
      customer_id: i % 2 ? acme : globex, author_id: [ann.id, bob.id, null][i % 3]!, kind: (['call', 'meeting', 'email', 'note'] as const)[i % 4]!, occurred_at: at(i),
    }));
    await t.db.insertInto('activities').values(rows).execute();
    expect(await rollupDrift(t.db)).toEqual([]);

    // Edits: moved to another hour, another kind, another author; a summary edit changes no count.
    await t.db.updateTable('activities').set({ occurred_at: '2026-10-20T10:00:00Z' }).where('kind', '=', 'meeting').where('author_id', '=', ann.id).execute();
    await t.db.updateTable('activities').set({ kind: 'email' }).where('kind', '=', 'call').where('author_id', 'is', null).execute();
    await t.db.updateTable('activities').set({ author_id: bob.id }).where('kind', '=', 'note').where('author_id', '=', ann.id).execute();
    await t.db.updateTable('activities').set({ summary: 'edited' }).execute();
    expect(await rollupDrift(t.db)).toEqual([]);

    // A deleted user leaves their activities without an author; a deleted customer takes its own.
    await t.db.deleteFrom('users').where('id', '=', bob.id).execute();
    expect(await rollupDrift(t.db)).toEqual([]);
    await t.db.deleteFrom('customers').where('id', '=', globex).execute();
    expect(await rollupDrift(t.db)).toEqual([]);
    report = await activitiesReport(t.db, { period: NOVEMBER, timeZone: 'UTC' });
    expect(report.total).toBe(await countAll(t.db, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'));
    // Hours whose activities are all gone leave no rows behind.
    const { rows: empty } = await sql<{ n: number }>`select count(*)::int8 as n from activity_counts_hourly where n <= 0`.execute(t.db);
    expect(empty[0]!.n).toBe(0);

    await sql`truncate activities cascade`.execute(t.db);
    const { rows: left } = await sql<{ n: number }>`select count(*)::int8 as n from activity_counts_hourly`.execute(t.db);
    expect(left[0]!.n).toBe(0);
  });

  it('cuts the month at midnight in every zone, half-hour ones too, for everyone and for one rep', async () => {
    const ann = await insertUser(t.db, 'Ann', 'sales');
    const bob = await insertUser(t.db, 'Bob', 'sales');
    const acme = await addCustomer(t.db, 'Acme');
    const add = (occurred_at: string, kind: NewActivity['kind'], author_id: number | null) =>
      t.db.insertInto('activities').values({ customer_id: acme, occurred_at, kind, author_id }).execute();
    // 18:15 UTC = Oct 31 23:45 in Kolkata; 18:45 UTC = Nov 1 00:15: one UTC hour, two months.
    await add('2026-10-31T18:15:00Z', 'call', ann.id);
    await add('2026-10-31T18:45:00Z', 'call', ann.id);
    // Nov 30 18:20 UTC = 23:50 in Kolkata (November); 18:40 UTC = Dec 1 00:10 (not).
    await add('2026-11-30T18:20:00Z', 'meeting', bob.id);
    await add('2026-11-30T18:40:00Z', 'meeting', bob.id);
    // Around New York's and UTC's midnights, and whole hours in the middle of the month.
    await add('2026-11-01T03:59:00Z', 'email', null);
    await add('2026-11-01T04:00:00Z', 'email', null);
    await add('2026-12-01T04:30:00Z', 'note', bob.id);
    await add('2026-12-01T05:30:00Z', 'note', bob.id);
    for (let day = 2; day <= 28; day += 3) await add(`2026-11-${String(day).padStart(2, '0')}T12:00:00Z`, 'note', day % 2 ? ann.id : bob.id);

    for (const zone of ['Asia/Kolkata', 'America/New_York', 'UTC', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      expect(await reported(t.db, zone), zone).toEqual(await countedFromActivities(t.db, zone));
      expect(await reported(t.db, zone, bob.id), zone).toEqual(await countedFromActivities(t.db, zone, bob.id));
    }
    expect(await reported(t.db, 'Asia/Kolkata', ann.id)).toEqual([`${ann.id} call 1`, `${ann.id} note 4`]);
  });
});

async function countAll(db: Kysely<Database>, from: string, to: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from activities where occurred_at >= ${from}::timestamptz and occurred_at < ${to}::timestamptz`.execute(db);
  return rows[0]!.n;
}
