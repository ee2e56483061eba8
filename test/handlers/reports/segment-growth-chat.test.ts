import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../support/test-db.js';
import { chatAs } from '../../support/chat.js';
import { addOrder } from '../../crm/reports/report-fixtures.js';
import { seedTenCustomers } from '../../crm/segments/segment-fixtures.js';

// "Which segment is growing fastest" as a manager asks it: the segments report stores each
// period's RFM snapshot, and the growth answer compares this period's with the previous one.

const t = useTestDatabase();
const JUNE_30 = new Date('2026-06-30T15:00:00Z');

/** The ten June customers of seedTenCustomers, C1..C4 also buying once in May (so May has 4 "Lost"). */
async function seedMayAndJune(): Promise<number[]> {
  const ids = await seedTenCustomers(t.db);
  for (const id of ids.slice(0, 4)) await addOrder(t.db, id, '2026-05-10T12:00:00Z', '100.00');
  return ids;
}

const snapshots = async () =>
  (await sql<{ period_start: string; customers: number; computed_at: Date }>`
    select period_start::text as period_start, customers, computed_at from segment_snapshots order by period_start`.execute(t.db)).rows
    .map((r) => ({ ...r, customers: Number(r.customers) }));

describe('which segment is growing fastest', () => {
  it('compares this month with last month in customers and revenue, storing both snapshots', async () => {
    await seedMayAndJune();
    const chat = await chatAs(t.db, { role: 'manager', timeZone: 'UTC', now: JUNE_30 });
    const text = chat.text(await chat.say('which segment is growing fastest this month'));

    expect(text).toContain('Segment growth · 1 Jun – 30 Jun 2026');
    expect(text).toContain('Fastest growing: Loyal — +4 customers (new) to 4, revenue +$1,800.00 against 1 May – 31 May 2026.');
    // Lost shrank from C1..C4 in May to C1, C2 in June.
    expect(text).toMatch(/Lost\s+2\s+4\s+▼ 50\.0%/);
    expect(await snapshots()).toMatchObject([
      { period_start: '2026-05-01', customers: 4 },
      { period_start: '2026-06-01', customers: 10 },
    ]);
    const labels = await t.db.selectFrom('segments').select(['label']).where('period_start', '=', '2026-05-01').execute();
    expect(labels.map((l) => l.label)).toEqual(['Lost', 'Lost', 'Lost', 'Lost']);
  });

  it('answers “fastest growing segment” from the stored snapshots, rescoring only a period a new order touches', async () => {
    const ids = await seedMayAndJune();
    const chat = await chatAs(t.db, { role: 'manager', timeZone: 'UTC', now: JUNE_30 });
    await chat.say('customer segments this month');
    const before = await snapshots();
    expect(before).toHaveLength(2);

    // Nothing changed: both snapshots are read back as they were.
    const again = chat.text(await chat.say('fastest growing segment'));
    expect(again).toContain('Fastest growing: Loyal');
    expect(await snapshots()).toEqual(before);

    // A new June order: June is rescored, May (which ended before it) is kept.
    await addOrder(t.db, ids[0]!, '2026-06-30T13:00:00Z', '5000.00');
    const after = chat.text(await chat.say('fastest growing segment'));
    const [may, june] = await snapshots();
    expect(may).toEqual(before[0]);
    expect(june!.computed_at.getTime()).toBeGreaterThanOrEqual(before[1]!.computed_at.getTime());
    expect(june!.customers).toBe(10);
    // C1 now bought last and most: it has left Lost, and the June answer moved with it.
    const c1 = await t.db.selectFrom('segments').select('label')
      .where('customer_id', '=', ids[0]!).where('period_start', '=', '2026-06-01').executeTakeFirstOrThrow();
    expect(c1.label).not.toBe('Lost');
    expect(after).toContain('Fastest growing: Loyal — +3 customers (new) to 3, revenue +$1,400.00');

    // A back-dated May order makes May stale too.
    await addOrder(t.db, ids[9]!, '2026-05-20T12:00:00Z', '100.00');
    await chat.say('fastest growing segment');
    expect((await snapshots())[0]!.customers).toBe(5);
  });

  it('says so when nobody has ordered yet', async () => {
    const chat = await chatAs(t.db, { role: 'manager', timeZone: 'UTC', now: JUNE_30 });
    expect(chat.text(await chat.say('which segment is growing fastest'))).toContain('no segments to compare');
  });
});

describe('segments report snapshots', () => {
  it('stores the period it reports on, so the same report reads it back unchanged', async () => {
    await seedMayAndJune();
    const chat = await chatAs(t.db, { role: 'manager', timeZone: 'UTC', now: JUNE_30 });
    const first = chat.text(await chat.say('customer segments this month'));
    const stored = await snapshots();
    expect(stored.map((s) => s.period_start)).toEqual(['2026-05-01', '2026-06-01']);
    expect(chat.text(await chat.say('customer segments this month'))).toBe(first);
    expect(await snapshots()).toEqual(stored);
  });
});
