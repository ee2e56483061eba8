import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deleteActivity, listRecentActivities, logActivity } from '../../../src/crm/activities/activity.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addContact, addCustomer, addUser, count, ctxFor } from '../customers/crm-fixtures.js';

const t = useTestDatabase();

async function setup() {
  const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
  const acme = await addCustomer(t.db, { name: 'Acme' });
  const jane = await addContact(t.db, acme.id, { name: 'Jane Cooper' });
  return { ann, acme, jane, ctx: ctxFor(t.db, ann) };
}

describe('logging activities', () => {
  it('logs the call by the actor at the current time', async () => {
    const { ann, acme, jane, ctx } = await setup();
    const { activity, reminder } = await logActivity(ctx, { kind: 'call', customerId: acme.id, contactId: jane.id, summary: ' renewal ' });
    expect(activity).toMatchObject({ kind: 'call', customer_id: acme.id, contact_id: jane.id, author_id: ann.id, summary: 'renewal' });
    expect(activity.occurred_at.toISOString()).toBe('2026-11-18T15:00:00.000Z');
    expect(reminder).toBeNull();
  });

  it.each([
    ['2026-10-30', '2026-10-30T13:00:00.000Z'], // EDT, before the change
    ['2026-11-01', '2026-11-01T14:00:00.000Z'], // the change itself happens at 02:00 that day
    ['2026-11-02', '2026-11-02T14:00:00.000Z'], // EST, after
  ])('schedules a date-only follow-up on %s at 09:00 New York time', async (date, utc) => {
    const { acme, jane, ctx } = await setup();
    const { reminder } = await logActivity(ctx, { kind: 'call', customerId: acme.id, contactId: jane.id, followUp: date });
    expect(reminder).toMatchObject({ due_has_time: false, text: 'Follow up with Jane Cooper at Acme', customer_id: acme.id });
    expect(reminder!.due_at.toISOString()).toBe(utc);
  });

  it('schedules a follow-up at the exact instant of a date-time with offset', async () => {
    const { acme, ctx } = await setup();
    const { activity, reminder } = await logActivity(ctx, {
      kind: 'meeting', customerId: acme.id, followUp: '2026-11-19T15:00:00-05:00', followUpText: 'send the contract',
    });
    expect(reminder).toMatchObject({ due_has_time: true, text: 'send the contract', activity_id: activity.id });
    expect(reminder!.due_at.toISOString()).toBe('2026-11-19T20:00:00.000Z');
  });

  it('accepts a 10,000-character summary (emoji count once) and rejects a longer one with a clear message', async () => {
    const { acme, ctx } = await setup();
    const long = '😀'.repeat(10_000);
    const { activity } = await logActivity(ctx, { kind: 'note', customerId: acme.id, summary: long });
    expect(activity.summary).toBe(long);
    await expect(logActivity(ctx, { kind: 'note', customerId: acme.id, summary: 'x'.repeat(10_001) }))
      .rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/too long: 10,001 characters.*10,000 at most/) });
    expect(await count(t.db, 'activities')).toBe(1);
  });

  it('rejects an unreadable follow-up date and writes nothing', async () => {
    const { acme, ctx } = await setup();
    await expect(logActivity(ctx, { kind: 'call', customerId: acme.id, followUp: 'next tuesday' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(logActivity(ctx, { kind: 'call', customerId: acme.id, followUp: '2026-02-30' })).rejects.toThrow(/not a real date/);
    expect(await count(t.db, 'activities')).toBe(0);
  });

  it("refuses a contact from another customer", async () => {
    const { ctx, jane } = await setup();
    const other = await addCustomer(t.db, { name: 'Globex' });
    await expect(logActivity(ctx, { kind: 'call', customerId: other.id, contactId: jane.id })).rejects.toThrow("That contact isn't at Globex.");
    await expect(logActivity(ctx, { kind: 'call', customerId: 999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('logs the activity and its follow-up atomically: a failing reminder leaves no activity', async () => {
    const { acme, ctx } = await setup();
    // NOT VALID: existing rows are spared, every new reminder is refused.
    await sql`alter table reminders add constraint refuse_all check (false) not valid`.execute(t.db);
    try {
      await expect(logActivity(ctx, { kind: 'call', customerId: acme.id, summary: 'renewal', followUp: '2026-11-24' })).rejects.toThrow(/refuse_all/);
      expect(await count(t.db, 'activities')).toBe(0);
      expect(await count(t.db, 'reminders')).toBe(0);
    } finally {
      await sql`alter table reminders drop constraint refuse_all`.execute(t.db);
    }
  });
});

describe('listing and undoing activities', () => {
  it('lists the newest first with author and contact names', async () => {
    const { acme, jane, ctx } = await setup();
    await logActivity(ctx, { kind: 'call', customerId: acme.id, summary: 'old', occurredAt: '2026-11-01T10:00:00Z' });
    await logActivity(ctx, { kind: 'email', customerId: acme.id, contactId: jane.id, summary: 'new', occurredAt: '2026-11-10T10:00:00Z' });
    const list = await listRecentActivities(t.db, acme.id, { limit: 5 });
    expect(list.map((a) => a.summary)).toEqual(['new', 'old']);
    expect(list[0]).toMatchObject({ author_name: 'Ann', contact_name: 'Jane Cooper' });
  });

  it('deletes the activity with its follow-up reminder and returns them for Undo', async () => {
    const { acme, ctx } = await setup();
    const logged = await logActivity(ctx, { kind: 'call', customerId: acme.id, followUp: '2026-11-24' });
    const deleted = await deleteActivity(ctx, logged.activity.id);
    expect(deleted.activity.id).toBe(logged.activity.id);
    expect(deleted.reminders.map((r) => r.id)).toEqual([logged.reminder!.id]);
    expect(await count(t.db, 'activities')).toBe(0);
    expect(await count(t.db, 'reminders')).toBe(0);
    await expect(deleteActivity(ctx, logged.activity.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it("does not let a salesperson delete someone else's activity", async () => {
    const { acme, ctx } = await setup();
    const logged = await logActivity(ctx, { kind: 'call', customerId: acme.id });
    const bob = await addUser(t.db, { name: 'Bob' });
    await expect(deleteActivity(ctxFor(t.db, bob), logged.activity.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await count(t.db, 'activities')).toBe(1);
  });
});
