import { describe, expect, it } from 'vitest';
import { chatAs } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';

const t = useTestDatabase();

describe('the dispatcher', () => {
  it('answers help with examples grouped for the user’s role', async () => {
    const support = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support' });
    const out = support.text(await support.say('help'));
    expect(out).toContain('What I can do');
    expect(out).toContain('Tickets');
    expect(out).not.toContain('Deals and orders');
  });

  it('suggests the closest commands when it does not understand', async () => {
    const chat = await chatAs(t.db);
    const out = chat.text(await chat.say('tell me a joke please'));
    expect(out).toMatch(/didn’t understand/);
    expect(out.match(/“/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('processes a retried platform event once and stays silent the second time', async () => {
    const chat = await chatAs(t.db);
    const first = await chat.send({ kind: 'message', text: 'help' }, 'evt-retry-1');
    const again = await chat.send({ kind: 'message', text: 'help' }, 'evt-retry-1');
    expect(first).not.toBeNull();
    expect(again).toBeNull();
  });

  it('refuses a team report to a salesperson, privately and politely', async () => {
    const sales = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales' });
    const r = await sales.say('revenue this month');
    expect(r.private).toBe(true);
    expect(sales.text(r)).toMatch(/Team reports are for managers/);
  });

  it('refuses a button that was meant for another user', async () => {
    const ann = await chatAs(t.db, { user: 'Ann Other' });
    const r = await ann.send({ kind: 'action', ref: { verb: 'undo', value: '1', forUserId: ann.userId + 999 } });
    expect(r?.private).toBe(true);
    expect(ann.text(r!)).toMatch(/belongs to someone else/);
  });

  it('says a forged or unknown button cannot be read instead of failing', async () => {
    const chat = await chatAs(t.db);
    const r = await chat.send({ kind: 'action', ref: { verb: 'drop.tables', value: '1' } });
    expect(chat.text(r!)).toMatch(/could not read that button/);
  });
});

describe('structured commands from forms', () => {
  it('run with the same validation and permission checks as typed ones', async () => {
    const support = await chatAs(t.db, { user: 'Lena Form', role: 'support' });
    const opened = await support.send({
      kind: 'intent',
      intent: { intent: 'create_ticket', slots: { subject: 'Export fails', priority: 'high', description: 'From a message: “CSV export times out”' } },
    });
    expect(support.text(opened!)).toMatch(/Opened ticket #\d+: Export fails/);
    const row = await t.db.selectFrom('tickets').select(['description', 'priority']).where('subject', '=', 'Export fails').executeTakeFirstOrThrow();
    expect(row).toEqual({ description: 'From a message: “CSV export times out”', priority: 'high' });

    const refused = await support.send({ kind: 'intent', intent: { intent: 'create_deal', slots: { customer: 'Acme' } } });
    expect(support.text(refused!)).toMatch(/sales team/);

    const forged = await support.send({ kind: 'intent', intent: { intent: 'delete_everything', slots: {} } });
    expect(support.text(forged!)).toMatch(/not valid/);
    const extra = await support.send({ kind: 'intent', intent: { intent: 'create_ticket', slots: { subject: 'x', priority: 'normal', sql: 'drop table' } } });
    expect(support.text(extra!)).toMatch(/not valid/);
  });
});
