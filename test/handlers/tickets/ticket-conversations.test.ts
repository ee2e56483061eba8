import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf, type Reply } from '../../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
}, 120_000);

const ticketRow = (number: number) => t.db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
const commentsOf = (ticketId: number) => t.db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', ticketId).execute();
const numberIn = (out: string): number => Number(/#(\d+)/.exec(out)![1]);
const labels = (r: Reply) => actionsOf(r).map((a) => (a.kind === 'button' ? a.label : a.placeholder));

/** Opens a fresh ticket so each test works on rows of its own. */
async function openTicket(subject: string, priority = 'normal'): Promise<number> {
  const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: `setup-${subject}` });
  return numberIn(tom.text(await tom.say(`open a ticket for Initech: ${subject}, ${priority} priority`)));
}

describe('opening and working a ticket', () => {
  it('opens an urgent ticket for Acme Corp with a 4-hour SLA, then “close it” closes it and Undo reopens it exactly', async () => {
    const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'close-it' });
    const opened = await tom.say('open a ticket for Acme Corp: SSO fails, urgent');
    const out = tom.text(opened);
    expect(out).toMatch(/Opened ticket #\d+ for Acme Corp: SSO fails/);
    expect(out).toMatch(/Priority\s+urgent/);
    expect(out).toContain('in 4 hours');
    expect(out).toMatch(/Status\s+open/);
    expect(labels(opened)).toEqual(['Assign to me', 'Undo']);

    const number = numberIn(out);
    const created = await ticketRow(number);
    expect(created.sla_due_at!.getTime() - TEST_NOW.getTime()).toBe(4 * 3600_000);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'ticket.create').where('entity_id', '=', created.id).executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(tom.userId);

    const closed = await tom.say('close it');
    expect(tom.text(closed)).toContain(`Updated ticket #${number} SSO fails`);
    expect(tom.text(closed)).toContain('status open → closed');
    const afterClose = await ticketRow(number);
    expect(afterClose.status).toBe('closed');
    expect(afterClose.closed_at).not.toBeNull();
    expect((await commentsOf(created.id)).map((c) => c.body)).toEqual(['status open → closed by Tom Alvarez']);

    const undone = await tom.click(closed, 'Undo');
    expect(tom.text(undone)).toContain(`Ticket #${number} is back to open, urgent priority.`);
    expect(await ticketRow(number)).toEqual(created);
    expect(await commentsOf(created.id)).toEqual([]);
  });

  it('removes a just-opened ticket with its Undo button', async () => {
    const kevin = await chatAs(t.db, { user: 'Kevin Walsh', role: 'support', channelId: 'undo-create' });
    const opened = await kevin.say('open a ticket: printer on fire');
    const number = numberIn(kevin.text(opened));
    expect(kevin.text(opened)).toMatch(/Priority\s+normal/);
    expect(kevin.text(await kevin.click(opened, 'Undo'))).toContain(`Removed ticket #${number} (printer on fire).`);
    expect(await t.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirst()).toBeUndefined();
  });

  it('assigns “#N to me” for support, and to a teammate by first name', async () => {
    const number = await openTicket('export is slow');
    const lena = await chatAs(t.db, { user: 'Lena Hoffmann', role: 'support', channelId: 'assign' });
    const mine = lena.text(await lena.say(`assign #${number} to me`));
    expect(mine).toContain('assignee nobody → Lena Hoffmann');
    expect((await ticketRow(number)).assignee_id).toBe(lena.userId);

    expect(lena.text(await lena.say(`assign ticket ${number} to Kevin`))).toContain('assignee Lena Hoffmann → Kevin Walsh');
    expect(lena.text(await lena.say(`assign ticket ${number} to Zebedee`))).toMatch(/couldn’t find a teammate called “Zebedee”[\s\S]*Nothing was changed/);
  });

  it('lists the candidates when a teammate’s name is ambiguous, and changes nothing', async () => {
    await t.db.insertInto('users').values([{ name: 'Maria Garcia', role: 'support' }, { name: 'Maria Lopez', role: 'support' }]).execute();
    const number = await openTicket('webhooks retry forever');
    const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'ambiguous-user' });
    const out = tom.text(await tom.say(`assign ticket ${number} to Maria`));
    expect(out).toContain('“Maria” matches several teammates');
    expect(out).toContain('Maria Garcia');
    expect(out).toContain('Maria Lopez');
    expect((await ticketRow(number)).assignee_id).toBeNull();
  });

  it('says so without an audit row when nothing would change', async () => {
    const number = await openTicket('dark mode glitch');
    const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'no-op' });
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(tom.text(await tom.say(`reopen ticket ${number}`))).toContain('is already open; nothing changed');
    const after = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses politely when a salesperson tries to close a ticket, and offers them no Close button', async () => {
    const number = await openTicket('invoice PDF blank');
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', channelId: 'sales-close' });
    const refused = await sarah.say(`close ticket ${number}`);
    expect(refused.private).toBe(true);
    expect(sarah.text(refused)).toMatch(/Only support staff \(or a manager\) can change tickets/);
    expect((await ticketRow(number)).status).toBe('open');

    const shown = await sarah.say(`show ticket ${number}`);
    expect(labels(shown)).toEqual([]);
    const opened = await sarah.say('open a ticket for Contoso: login loop');
    expect(labels(opened)).toEqual(['Undo']);
  });

  it('reports an unknown ticket number with a hint where to look', async () => {
    const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'missing' });
    const out = tom.text(await tom.say('show ticket 99999'));
    expect(out).toContain('There is no ticket #99999.');
    expect(out).toContain('my tickets');
    expect(tom.text(await tom.say('close ticket 99999'))).toContain('There is no ticket #99999.');
  });

  it('shows a ticket with its fields and trail, and its Close button closes it', async () => {
    const number = await openTicket('reports time out', 'high');
    const kevin = await chatAs(t.db, { user: 'Kevin Walsh', role: 'support', channelId: 'show' });
    await kevin.say(`assign #${number} to me`);
    const shown = await kevin.say(`show ticket ${number}`);
    const out = kevin.text(shown);
    expect(out).toContain(`#${number} reports time out`);
    expect(out).toMatch(/Customer\s+Initech/);
    expect(out).toMatch(/Priority\s+high/);
    expect(out).toMatch(/Assignee\s+Kevin Walsh/);
    expect(out).toMatch(/Requester\s+Tom Alvarez/);
    expect(out).toMatch(/SLA due\s+.*\(in 8 hours\)/);
    expect(out).toContain('assignee nobody → Kevin Walsh by Kevin Walsh');
    // Already his: no "Assign to me".
    expect(labels(shown)).toEqual(['Close']);

    expect(kevin.text(await kevin.click(shown, 'Close'))).toContain('status open → closed');
    expect(labels(await kevin.say(`show ticket ${number}`))).toEqual([]);
  });

  it('flags an overdue ticket', async () => {
    const number = await openTicket('overdue thing', 'urgent');
    const later = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'overdue', now: new Date(TEST_NOW.getTime() + 6 * 3600_000) });
    expect(later.text(await later.say(`show ticket ${number}`))).toMatch(/SLA due\s+OVERDUE: was due .*\(2 hours ago\)/);
  });
});
