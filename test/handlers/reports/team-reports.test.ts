import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../../src/intents/catalog.js';
import type { Understanding } from '../../../src/intents/llm/understand.js';
import { seedDemo } from '../../../src/seed/index.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';
import { column, headerOf, headlineOf, NY, tablesOf, userId } from './report-test-helpers.js';

// Pipeline, tickets and activities as managers, reps and support read them, against the demo
// company; expected figures come from SQL written here.

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

const STAGES = ['Lead', 'Qualified', 'Proposal', 'Negotiation'];
const WEIGHT = sql`case d.stage when 'lead' then 0.10 when 'qualified' then 0.25 when 'proposal' then 0.50 when 'negotiation' then 0.75 end`;

/** Per open stage in stage order: deals and the weighted amount as Postgres formats it. */
async function openStages(where: ReturnType<typeof sql>): Promise<{ deals: string[]; weighted: string[] }> {
  const { rows } = await sql<{ stage: string; deals: number; weighted: string }>`
    select d.stage, count(*)::int as deals, '$' || to_char(round(coalesce(sum(d.amount * ${WEIGHT}), 0), 2), 'FM999,999,999,990.00') as weighted
    from deals d where d.stage in ('lead', 'qualified', 'proposal', 'negotiation') and ${where}
    group by d.stage`.execute(t.db);
  const of = (stage: string) => rows.find((r) => r.stage === stage.toLowerCase());
  return { deals: STAGES.map((s) => String(of(s)?.deals ?? 0)), weighted: STAGES.map((s) => of(s)?.weighted ?? '$0.00') };
}

/** A chat whose every message means `intent`: for slots the rules parser does not fill (a named owner). */
const pinned = (intent: Intent): Understanding => ({
  understand: async () => ({ intent, confidence: 'high', source: 'rules', needsConfirmation: false }),
});

describe('pipeline report', () => {
  it('shows "pipeline this quarter" stage by stage in order with weighted amounts', async () => {
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY });
    const r = await chat.say('pipeline this quarter');
    expect(headerOf(r)).toBe('Pipeline · 1 Oct – 31 Dec 2026');
    const [stages] = tablesOf(r);
    expect(column(stages!, 'Stage')).toEqual([...STAGES, 'Open total', 'Won', 'Lost']);
    const expected = await openStages(sql`d.close_date between '2026-10-01' and '2026-12-31'`);
    expect(column(stages!, 'Deals').slice(0, 4)).toEqual(expected.deals);
    expect(column(stages!, 'Weighted').slice(0, 4)).toEqual(expected.weighted);
    expect(column(stages!, 'Probability').slice(0, 4)).toEqual(['10%', '25%', '50%', '75%']);
    expect(headlineOf(r)).toMatch(/^\d+ open deals worth \$[\d,]+\.\d{2}, \$[\d,]+\.\d{2} weighted; \d+ won/);
  });

  it('shows a salesperson only their own deals for "my pipeline"', async () => {
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', timeZone: NY });
    const sarah = await userId(t.db, 'Sarah Chen');
    const r = await chat.say('my pipeline');
    expect(r.private).not.toBe(true);
    expect(headerOf(r)).toBe('Sarah Chen’s pipeline · all open deals');
    const [stages] = tablesOf(r);
    const mine = await openStages(sql`d.owner_id = ${sarah}`);
    const everyone = await openStages(sql`true`);
    expect(column(stages!, 'Deals').slice(0, 4)).toEqual(mine.deals);
    expect(column(stages!, 'Weighted').slice(0, 4)).toEqual(mine.weighted);
    expect(mine.deals).not.toEqual(everyone.deals);
    const { rows } = await sql<{ won: number }>`select count(*)::int as won from deals where owner_id = ${sarah} and stage = 'won'`.execute(t.db);
    expect(column(stages!, 'Deals')[5]).toBe(String(rows[0]!.won));
  });

  it('refuses a salesperson another rep’s pipeline', async () => {
    const intent: Intent = { intent: 'report', slots: { report: 'pipeline', owner: 'David Okafor' } };
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', timeZone: NY, understanding: pinned(intent) });
    const r = await chat.say('pipeline for David');
    expect(r.private).toBe(true);
    expect(chat.text(r)).toContain('Team reports are for managers');
  });

  it('lets a manager name a rep, and answers clearly when the name matches nobody', async () => {
    const named: Intent = { intent: 'report', slots: { report: 'pipeline', owner: 'david okafor' } };
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY, understanding: pinned(named) });
    const r = await chat.say('David’s pipeline');
    expect(headerOf(r)).toBe('David Okafor’s pipeline · all open deals');
    const david = await userId(t.db, 'David Okafor');
    expect(column(tablesOf(r)[0]!, 'Deals').slice(0, 4)).toEqual((await openStages(sql`d.owner_id = ${david}`)).deals);

    const nobody: Intent = { intent: 'report', slots: { report: 'pipeline', owner: 'Zebediah Quartermaine' } };
    const lost = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY, understanding: pinned(nobody) });
    const none = await lost.say('Zebediah’s pipeline');
    expect(lost.text(none)).toMatch(/I couldn’t find a teammate called “Zebediah Quartermaine”/);
    expect(tablesOf(none)).toEqual([]);
  });

  it('asks for the full name when a first name fits two teammates', async () => {
    // A second Sarah with no deals: changes no figure the other tests read.
    await t.db.insertInto('users').values({ name: 'Sarah Park', role: 'sales', time_zone: NY }).execute();
    const intent: Intent = { intent: 'report', slots: { report: 'pipeline', owner: 'Sarah' } };
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY, understanding: pinned(intent) });
    const r = await chat.say('Sarah’s pipeline');
    expect(chat.text(r)).toContain('“Sarah” could be Sarah Chen or Sarah Park');
    expect(tablesOf(r)).toEqual([]);
  });
});

describe('tickets report', () => {
  it('gives support "ticket report last week": opened and resolved from SQL, backlog by priority', async () => {
    const chat = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', timeZone: NY });
    const r = await chat.say('ticket report last week');
    expect(headerOf(r)).toBe('Tickets · 9 Nov – 15 Nov 2026');
    const { rows } = await sql<{ opened: number; resolved: number; backlog: number }>`
      select
        (select count(*)::int from tickets where (created_at at time zone ${NY})::date between '2026-11-09' and '2026-11-15') as opened,
        (select count(*)::int from tickets where status in ('resolved', 'closed')
          and (coalesce(resolved_at, closed_at) at time zone ${NY})::date between '2026-11-09' and '2026-11-15') as resolved,
        (select count(*)::int from tickets where status in ('open', 'pending')) as backlog`.execute(t.db);
    const { opened, resolved, backlog } = rows[0]!;
    const fieldsBlock = r.blocks.find((b) => b.type === 'fields');
    const value = (label: string) => (fieldsBlock?.type === 'fields' ? fieldsBlock.fields.find((f) => f.label === label)?.value : undefined);
    expect(value('Opened')).toBe(String(opened));
    expect(value('Resolved or closed')).toBe(String(resolved));
    expect(value('Backlog now')).toBe(String(backlog));
    expect(headlineOf(r)).toMatch(new RegExp(`^${opened} tickets? opened and ${resolved} resolved or closed`));
    const [byPriority] = tablesOf(r);
    expect(column(byPriority!, 'Priority')).toEqual(['Urgent', 'High', 'Normal', 'Low']);
    const waiting = column(byPriority!, 'Open').map(Number).reduce((a, b) => a + b, 0)
      + column(byPriority!, 'Pending').map(Number).reduce((a, b) => a + b, 0);
    expect(waiting).toBe(backlog);
  });

  it('keeps other reports from support', async () => {
    const chat = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', timeZone: NY });
    const r = await chat.say('pipeline this quarter');
    expect(r.private).toBe(true);
    expect(chat.text(r)).toContain('ticket report');
  });
});

describe('activities report', () => {
  it('counts "activities this week by rep" per rep and kind, totals matching SQL', async () => {
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY });
    const r = await chat.say('activities this week by rep');
    expect(headerOf(r)).toBe('Activities · 16 Nov – 22 Nov 2026');
    const { rows } = await sql<{ name: string; n: number }>`
      select u.name, count(*)::int as n from activities a join users u on u.id = a.author_id
      where (a.occurred_at at time zone ${NY})::date between '2026-11-16' and '2026-11-22'
      group by u.name order by count(*) desc, u.name`.execute(t.db);
    const [byRep] = tablesOf(r);
    expect(column(byRep!, 'Rep')).toEqual([...rows.map((row) => row.name), 'Total']);
    expect(column(byRep!, 'Total')).toEqual([...rows.map((row) => String(row.n)), String(rows.reduce((a, row) => a + row.n, 0))]);
    expect(byRep!.columns.map((c) => c.label)).toEqual(['Rep', 'Calls', 'Meetings', 'Emails', 'Notes', 'Total']);
  });

  it('shows a rep their own activities only', async () => {
    const chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', timeZone: NY });
    const r = await chat.say('my activities this month');
    expect(headerOf(r)).toBe('Activities · Sarah Chen · 1 Nov – 30 Nov 2026');
    expect(column(tablesOf(r)[0]!, 'Rep')).toEqual(['Sarah Chen']);
  });

  it('says nothing was logged in an empty period instead of drawing an empty table', async () => {
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', timeZone: NY });
    const r = await chat.say('activities in 2020');
    expect(headlineOf(r)).toBe('No calls, meetings, emails or notes were logged in 1 Jan – 31 Dec 2020.');
    expect(tablesOf(r)).toEqual([]);
  });
});
