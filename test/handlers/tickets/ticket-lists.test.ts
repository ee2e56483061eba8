import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf, type Reply } from '../../../src/reply/reply.js';
import { decodeMore, encodeMore } from '../../../src/handlers/tickets/ticket-list.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
}, 120_000);

/** The ticket numbers in a list reply's table, in order. */
function numbersOf(r: Reply): number[] {
  const block = r.blocks.find((b) => b.type === 'table');
  return block && block.type === 'table' ? block.rows.map((row) => Number(row.number!.slice(1))) : [];
}
const captionOf = (r: Reply): string | undefined => {
  const block = r.blocks.find((b) => b.type === 'table');
  return block && block.type === 'table' ? block.caption : undefined;
};

describe('listing tickets', () => {
  it('shows “my tickets” as only the ones I am assigned to or requested, closed ones hidden', async () => {
    const kevin = await chatAs(t.db, { user: 'Kevin Walsh', role: 'support', channelId: 'mine' });
    const mine = await t.db
      .selectFrom('tickets')
      .select('number')
      .where((eb) => eb.or([eb('assignee_id', '=', kevin.userId), eb('requester_id', '=', kevin.userId)]))
      .where('status', '!=', 'closed')
      .execute();
    const r = await kevin.say('my tickets');
    expect(kevin.text(r)).toContain('Your tickets');
    expect(captionOf(r)).toBe(`Showing 1–${Math.min(10, mine.length)} of ${mine.length} (closed tickets hidden)`);
    const expected = new Set(mine.map((m) => m.number));
    for (const n of numbersOf(r)) expect(expected.has(n)).toBe(true);
  });

  it('shows “all open tickets” across the team, urgent first, and More pages through them', async () => {
    const marcus = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', channelId: 'all' });
    const open = await t.db.selectFrom('tickets').select(['number', 'priority']).where('status', '=', 'open').execute();
    expect(open.length).toBeGreaterThan(20);

    const first = await marcus.say('all open tickets');
    expect(marcus.text(first)).toContain('All open tickets');
    expect(marcus.text(first)).toMatch(/#\s+Subject\s+Customer\s+Priority\s+Status\s+Age \/ SLA/);
    expect(captionOf(first)).toBe(`Showing 1–10 of ${open.length}`);
    const more = actionsOf(first).find((a) => a.kind === 'button' && a.label === 'More')!;
    expect(more.ref).toMatchObject({ verb: 'tickets.more', value: 'all.open.-.10' });

    const second = await marcus.click(first, 'More');
    expect(captionOf(second)).toBe(`Showing 11–20 of ${open.length}`);
    const seen = [...numbersOf(first), ...numbersOf(second)];
    expect(new Set(seen).size).toBe(20);
    const openNumbers = new Set(open.map((o) => o.number));
    for (const n of seen) expect(openNumbers.has(n)).toBe(true);
    const rank = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
    const priorities = seen.map((n) => rank[open.find((o) => o.number === n)!.priority]);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
  });

  it('lists “tickets for Acme Corp” for that customer only, and remembers the customer', async () => {
    const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'customer' });
    await tom.say('open a ticket for Acme Corp: bulk import fails');
    const r = await tom.say('tickets for Acme Corp');
    expect(tom.text(r)).toContain('Tickets for Acme Corp');
    const table = r.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.length).toBeGreaterThan(0);
    if (table?.type === 'table') for (const row of table.rows) expect(row.customer).toBe('Acme Corp');
    expect(tom.text(await tom.say('tickets for them'))).toContain('Tickets for Acme Corp');
  });

  it('is friendly when there is nothing to show', async () => {
    const newbie = await chatAs(t.db, { user: 'Nora New', role: 'support', channelId: 'empty' });
    const out = newbie.text(await newbie.say('my tickets'));
    expect(out).toContain('You have no open tickets');
    expect(out).not.toContain('Showing');
  });

  it('refuses a forged More button instead of guessing', async () => {
    const marcus = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager', channelId: 'forged' });
    for (const value of ['all.open.-.7', 'customer.-.-.10', 'mine.open.12.10', 'all.open.-.10; drop table tickets', 'x'.repeat(120)]) {
      const r = await marcus.send({ kind: 'action', ref: { verb: 'tickets.more', value } });
      expect(marcus.text(r!)).toContain('could not read that button');
    }
  });

  it('encodes a page request in a short value that decodes to the same query', () => {
    const value = encodeMore({ scope: 'customer', status: 'pending', customer: { id: 2_147_483_647, name: 'x' }, offset: 990 });
    expect(value.length).toBeLessThanOrEqual(100);
    expect(decodeMore(value)).toEqual({ scope: 'customer', status: 'pending', customerId: 2_147_483_647, offset: 990 });
    expect(decodeMore('mine.-.-.0')).toEqual({ scope: 'mine', offset: 0 });
  });
});
