import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import { SLA_HOURS } from '../../../src/crm/tickets/sla-policy.js';
import {
  addTicketComment,
  createTicket,
  getTicket,
  listTickets,
  restoreTicket,
  updateTicket,
} from '../../../src/crm/tickets/ticket.service.js';
import { TICKET_PRIORITIES } from '../../../src/intents/catalog.js';
import { useTestDatabase } from '../../support/test-db.js';
import { advance, contextFor, insertCustomer, insertUser } from './crm-fixtures.js';

const t = useTestDatabase();

async function setup() {
  const ann = await insertUser(t.db, 'Ann');
  const bob = await insertUser(t.db, 'Bob');
  const acme = await insertCustomer(t.db, 'Acme');
  return { ann, bob, acme, ctx: contextFor(t.db, ann), bobCtx: contextFor(t.db, bob) };
}

describe('tickets', () => {
  it('numbers new tickets one after another and names the requester and customer', async () => {
    const { ctx, acme } = await setup();
    const first = await createTicket(ctx, { subject: '  SSO fails ', customerId: acme.id, priority: 'high' });
    const second = await createTicket(ctx, { subject: 'Export slow' });
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ subject: 'SSO fails', status: 'open', customer_name: 'Acme', requester_name: 'Ann' });
    expect(second.priority).toBe('normal');
  });

  it('sets the SLA due time from the priority: urgent 4h, high 8h, normal 24h, low 72h', async () => {
    const { ctx } = await setup();
    expect(SLA_HOURS).toEqual({ urgent: 4, high: 8, normal: 24, low: 72 });
    for (const priority of TICKET_PRIORITIES) {
      const ticket = await createTicket(ctx, { subject: `${priority} one`, priority });
      expect(ticket.sla_due_at!.getTime() - ctx.now().getTime()).toBe(SLA_HOURS[priority] * 3_600_000);
    }
  });

  it('refuses an empty or overlong subject with a helpful message', async () => {
    const { ctx } = await setup();
    await expect(createTicket(ctx, { subject: '   ' })).rejects.toSatisfy((e) => isAppError(e, 'invalid'));
    await expect(createTicket(ctx, { subject: 'x'.repeat(501) })).rejects.toThrow(/1 to 500/);
  });

  it('closing a ticket records closed_at and a comment trail "status open → closed by Ann"', async () => {
    const { ctx } = await setup();
    const ticket = await createTicket(ctx, { subject: 'SSO fails' });
    advance(ctx.clock, 2);
    const result = await updateTicket(ctx, { number: ticket.number, status: 'closed' });
    expect(result.changes).toEqual(['status open → closed by Ann']);
    expect(result.ticket.closed_at).toEqual(ctx.now());
    expect(result.ticket.resolved_at).toEqual(ctx.now());

    const shown = await getTicket(ctx, ticket.number);
    expect(shown.comments.map((c) => [c.kind, c.body, c.author_name])).toEqual([['change', 'status open → closed by Ann', 'Ann']]);
  });

  it('reopening a closed ticket clears resolved_at and closed_at', async () => {
    const { ctx } = await setup();
    const ticket = await createTicket(ctx, { subject: 'SSO fails' });
    await updateTicket(ctx, { number: ticket.number, status: 'closed' });
    const reopened = await updateTicket(ctx, { number: ticket.number, status: 'open' });
    expect(reopened.ticket).toMatchObject({ status: 'open', resolved_at: null, closed_at: null });
    expect(reopened.changes).toEqual(['status closed → open by Ann']);
  });

  it('assigns, escalates and reports nothing to do when the value is already set', async () => {
    const { ctx, bob } = await setup();
    const ticket = await createTicket(ctx, { subject: 'SSO fails' });
    const result = await updateTicket(ctx, { number: ticket.number, priority: 'urgent', assigneeId: bob.id });
    expect(result.changes).toEqual(['priority normal → urgent by Ann', 'assignee nobody → Bob by Ann']);
    expect(result.ticket.assignee_name).toBe('Bob');
    expect(result.ticket.sla_due_at!.getTime() - ticket.created_at.getTime()).toBe(4 * 3_600_000);

    const again = await updateTicket(ctx, { number: ticket.number, priority: 'urgent' });
    expect(again).toMatchObject({ changes: [], restorePoint: null });
  });

  it('answers an unknown ticket number with not_found naming the user’s open tickets', async () => {
    const { ctx } = await setup();
    const a = await createTicket(ctx, { subject: 'One' });
    const b = await createTicket(ctx, { subject: 'Two' });
    const error = await getTicket(ctx, 999).catch((e: unknown) => e);
    expect(isAppError(error, 'not_found')).toBe(true);
    expect((error as Error).message).toBe(`There is no ticket #999. Your open tickets are #${a.number}, #${b.number}.`);
    await expect(updateTicket(ctx, { number: 999, status: 'closed' })).rejects.toSatisfy((e) => isAppError(e, 'not_found'));
  });

  it('lists mine vs all vs a customer, without closed tickets unless asked, urgent first', async () => {
    const { ctx, bobCtx, ann, acme } = await setup();
    const mineLow = await createTicket(ctx, { subject: 'Mine low', priority: 'low' });
    const bobsAssignedToAnn = await createTicket(bobCtx, { subject: 'Bob asks Ann', priority: 'urgent' });
    await updateTicket(bobCtx, { number: bobsAssignedToAnn.number, assigneeId: ann.id });
    const bobsOwn = await createTicket(bobCtx, { subject: 'Bob alone', customerId: acme.id });
    const closed = await createTicket(ctx, { subject: 'Done', customerId: acme.id });
    await updateTicket(ctx, { number: closed.number, status: 'closed' });

    const mine = await listTickets(ctx, { scope: 'mine' });
    expect(mine.tickets.map((x) => x.number)).toEqual([bobsAssignedToAnn.number, mineLow.number]);
    const all = await listTickets(ctx, { scope: 'all' });
    expect(all.tickets.map((x) => x.number)).toEqual([bobsAssignedToAnn.number, bobsOwn.number, mineLow.number]);
    const forAcme = await listTickets(ctx, { scope: 'customer', customerId: acme.id });
    expect(forAcme.tickets.map((x) => x.number)).toEqual([bobsOwn.number]);
    const closedOnly = await listTickets(ctx, { scope: 'all', status: 'closed' });
    expect(closedOnly.tickets.map((x) => x.number)).toEqual([closed.number]);
  });

  it('orders equal priorities oldest first and pages with a total count', async () => {
    const { ctx } = await setup();
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) {
      numbers.push((await createTicket(ctx, { subject: `T${i}` })).number);
      advance(ctx.clock, 1);
    }
    const page2 = await listTickets(ctx, { scope: 'all', limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(page2.tickets.map((x) => x.number)).toEqual(numbers.slice(2, 4));
  });

  it('undo puts a ticket exactly back and removes the change comments of that write only', async () => {
    const { ctx, bob } = await setup();
    const ticket = await createTicket(ctx, { subject: 'SSO fails' });
    await addTicketComment(ctx, { number: ticket.number, body: 'Customer called again' });
    advance(ctx.clock, 1);
    await updateTicket(ctx, { number: ticket.number, status: 'pending' });
    const before = await t.db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    advance(ctx.clock, 1);
    const result = await updateTicket(ctx, { number: ticket.number, status: 'closed', priority: 'high', assigneeId: bob.id });

    // The restore point travels through audit_log as JSON: simulate that round trip.
    const stored = JSON.parse(JSON.stringify(result.restorePoint));
    const restored = await restoreTicket(t.db, stored);
    expect(restored).toEqual(before);
    const { comments } = await getTicket(ctx, ticket.number);
    expect(comments.map((c) => c.body)).toEqual(['Customer called again', 'status open → pending by Ann']);
  });

  it('refuses to undo over a later change', async () => {
    const { ctx } = await setup();
    const ticket = await createTicket(ctx, { subject: 'SSO fails' });
    advance(ctx.clock, 1);
    const first = await updateTicket(ctx, { number: ticket.number, status: 'closed' });
    advance(ctx.clock, 1);
    await updateTicket(ctx, { number: ticket.number, priority: 'low' });
    await expect(restoreTicket(t.db, first.restorePoint!)).rejects.toSatisfy((e) => isAppError(e, 'conflict'));
  });
});
