import { describe, expect, it } from 'vitest';
import {
  createReminder, deleteReminder, listMyReminders, markReminderDone, nextOpenReminder, snoozeReminder,
} from '../../../src/crm/reminders/reminder.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addCustomer, addUser, count, ctxFor } from '../customers/crm-fixtures.js';

const t = useTestDatabase();
const NOW = new Date('2026-11-18T15:00:00Z'); // Wednesday 10:00 in New York

async function setup() {
  const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
  return { ann, ctx: ctxFor(t.db, ann, NOW) };
}

describe('creating reminders', () => {
  it('puts a date-only reminder at 09:00 in the owner zone and a timed one at its instant', async () => {
    const { ann, ctx } = await setup();
    const dated = await createReminder(ctx, { text: 'send the contract', due: '2026-11-19' });
    expect(dated).toMatchObject({ owner_id: ann.id, due_has_time: false, text: 'send the contract' });
    expect(dated.due_at.toISOString()).toBe('2026-11-19T14:00:00.000Z');
    const timed = await createReminder(ctx, { text: 'call back', due: '2026-11-19T15:00:00-05:00' });
    expect(timed).toMatchObject({ due_has_time: true });
    expect(timed.due_at.toISOString()).toBe('2026-11-19T20:00:00.000Z');
  });

  it('accepts 4000 characters of text, and rejects empty, longer or offset-less times without writing', async () => {
    const { ctx } = await setup();
    await createReminder(ctx, { text: 'x'.repeat(4000), due: '2026-11-19' });
    await expect(createReminder(ctx, { text: 'x'.repeat(4001), due: '2026-11-19' })).rejects.toThrow(/4,000 at most/);
    await expect(createReminder(ctx, { text: '  ', due: '2026-11-19' })).rejects.toThrow(/can't be empty/);
    await expect(createReminder(ctx, { text: 'hi', due: '2026-11-19T15:00:00' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(createReminder(ctx, { text: 'hi', due: '2026-11-19', customerId: 404 })).rejects.toMatchObject({ code: 'not_found' });
    expect(await count(t.db, 'reminders')).toBe(1);
  });
});

describe('managing reminders', () => {
  it('lists my open reminders soonest first, without done ones or other people’s', async () => {
    const { ctx } = await setup();
    const bob = await addUser(t.db, { name: 'Bob' });
    await createReminder(ctx, { text: 'later', due: '2026-11-25' });
    await createReminder(ctx, { text: 'sooner', due: '2026-11-19' });
    const done = await createReminder(ctx, { text: 'done', due: '2026-11-18' });
    await createReminder(ctxFor(t.db, bob, NOW), { text: 'bob', due: '2026-11-18' });
    const marked = await markReminderDone(ctx, done.id);
    expect(marked.done_at?.toISOString()).toBe(NOW.toISOString());
    expect((await markReminderDone(ctx, done.id)).done_at?.toISOString()).toBe(NOW.toISOString());
    expect((await listMyReminders(ctx)).map((r) => r.text)).toEqual(['sooner', 'later']);
  });

  it('snoozes by a length of time from now, by whole days to 09:00, or to a date', async () => {
    const { ctx } = await setup();
    const timed = await createReminder(ctx, { text: 'a', due: '2026-11-18T16:00:00Z' });
    const snoozed = await snoozeReminder(ctx, timed.id, { by: 'PT2H' });
    expect(snoozed).toMatchObject({ due_has_time: true, delivered_at: null });
    expect(snoozed.due_at.toISOString()).toBe('2026-11-18T17:00:00.000Z');

    const dated = await createReminder(ctx, { text: 'b', due: '2026-11-18' });
    const tomorrow = await snoozeReminder(ctx, dated.id, { by: { days: 1 } });
    expect(tomorrow).toMatchObject({ due_has_time: false });
    expect(tomorrow.due_at.toISOString()).toBe('2026-11-19T14:00:00.000Z');

    const moved = await snoozeReminder(ctx, dated.id, { until: '2026-12-01' });
    expect(moved.due_at.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    await expect(snoozeReminder(ctx, dated.id, { by: 'PT0S' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(snoozeReminder(ctx, dated.id, { until: '2026-11-01' })).rejects.toThrow(/already passed/);
  });

  it('deletes a reminder for Undo and only for its owner', async () => {
    const { ctx } = await setup();
    const bob = await addUser(t.db, { name: 'Bob' });
    const r = await createReminder(ctx, { text: 'a', due: '2026-11-19' });
    await expect(deleteReminder(ctxFor(t.db, bob, NOW), r.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(markReminderDone(ctxFor(t.db, bob, NOW), r.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await deleteReminder(ctx, r.id)).id).toBe(r.id);
    expect(await count(t.db, 'reminders')).toBe(0);
    await expect(deleteReminder(ctx, r.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it("gives the next open reminder about a customer", async () => {
    const { ctx } = await setup();
    const acme = await addCustomer(t.db, { name: 'Acme' });
    expect(await nextOpenReminder(t.db, acme.id)).toBeNull();
    await createReminder(ctx, { text: 'later', due: '2026-11-30', customerId: acme.id });
    const soon = await createReminder(ctx, { text: 'soon', due: '2026-11-20', customerId: acme.id });
    await createReminder(ctx, { text: 'unrelated', due: '2026-11-19' });
    expect((await nextOpenReminder(t.db, acme.id))?.id).toBe(soon.id);
    await markReminderDone(ctx, soon.id);
    expect((await nextOpenReminder(t.db, acme.id))?.text).toBe('later');
  });
});
