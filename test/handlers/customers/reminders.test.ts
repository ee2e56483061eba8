import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf } from '../../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

const remindersOf = (ownerId: number) =>
  t.db.selectFrom('reminders').selectAll().where('owner_id', '=', ownerId).orderBy('due_at').orderBy('id').execute();

describe('reminders', () => {
  it('sets a reminder for tomorrow at 3pm New York time, and Undo removes it', async () => {
    const chat = await chatAs(t.db, { user: 'Reminder One', timeZone: 'America/New_York' });
    const set = await chat.say('remind me to check email tomorrow at 3pm');
    expect(chat.text(set)).toContain('I’ll remind you on Thu 19 Nov 2026, 15:00: check email');
    const [row] = await remindersOf(chat.userId);
    expect(row!.due_at.toISOString()).toBe('2026-11-19T20:00:00.000Z');
    expect(row).toMatchObject({ text: 'check email', due_has_time: true, customer_id: null });

    expect(chat.text(await chat.click(set, 'Undo'))).toBe('✓ Removed the reminder: check email');
    expect(await remindersOf(chat.userId)).toEqual([]);
  });

  it('links the reminder to a customer it names, and leaves out a name that is no customer', async () => {
    const chat = await chatAs(t.db, { user: 'Reminder Two' });
    const linked = chat.text(await chat.say('remind me to call Initech in 2 days'));
    expect(linked).toContain('Fri 20 Nov 2026, 09:00');
    expect(linked).toContain('Linked to Initech.');
    const unlinked = chat.text(await chat.say('remind me to call Bob tomorrow'));
    expect(unlinked).toContain('No customer matches “Bob”');

    const initech = await t.db.selectFrom('customers').select('id').where('name', '=', 'Initech').executeTakeFirstOrThrow();
    expect((await remindersOf(chat.userId)).map((r) => [r.text, r.customer_id])).toEqual([
      ['call Bob', null],
      ['call Initech', initech.id],
    ]);
  });

  it('says there is nothing open, with an example, when the user has no reminders', async () => {
    const chat = await chatAs(t.db, { user: 'Reminder Three' });
    const out = chat.text(await chat.say('what are my reminders?'));
    expect(out).toContain('No open reminders');
    expect(out).toContain('remind me to');
  });

  it('lists open reminders soonest first with overdue ones marked, then Done and Snooze work', async () => {
    const chat = await chatAs(t.db, { user: 'Reminder Four' });
    await chat.say('remind me to file the report yesterday');
    await chat.say('remind me to call Initech in 2 days');
    await chat.say('remind me to check email tomorrow at 3pm');

    const listed = await chat.say('what are my reminders?');
    const out = chat.text(listed);
    expect(out).toContain('Your reminders (3)');
    expect(out).toContain('1 overdue.');
    const lines = out.split('\n').filter((l) => /^\d\. /.test(l));
    expect(lines).toEqual([
      '1. Overdue · Tue 17 Nov 2026, 09:00: file the report',
      '2. Thu 19 Nov 2026, 15:00: check email',
      '3. Fri 20 Nov 2026, 09:00: call Initech (Initech)',
    ]);

    const done = await chat.click(listed, 'Done #1');
    expect(chat.text(done)).toContain('Done: file the report');
    const [overdue] = (await remindersOf(chat.userId)).filter((r) => r.text === 'file the report');
    expect(overdue!.done_at).not.toBeNull();
    expect(chat.text(await chat.say('what are my reminders?'))).not.toContain('file the report');

    // A timed reminder moves a day later, to the same time of day.
    const snoozed = await chat.click(listed, 'Snooze #2');
    expect(chat.text(snoozed)).toContain('Snoozed to Fri 20 Nov 2026, 15:00: check email');
    const [email] = (await remindersOf(chat.userId)).filter((r) => r.text === 'check email');
    expect(email!.due_at.toISOString()).toBe('2026-11-20T20:00:00.000Z');

    // A date-only one stays date-only at 09:00.
    await chat.click(listed, 'Snooze #3');
    const [call] = (await remindersOf(chat.userId)).filter((r) => r.text === 'call Initech');
    expect(call!.due_at.toISOString()).toBe('2026-11-21T14:00:00.000Z');
    expect(call!.due_has_time).toBe(false);

    // Undo brings each back as it was.
    expect(chat.text(await chat.click(done, 'Undo'))).toContain('Reopened the reminder.');
    expect(chat.text(await chat.click(snoozed, 'Undo'))).toContain('Back to Thu 19 Nov 2026, 15:00: check email');
    const after = await remindersOf(chat.userId);
    expect(after.find((r) => r.text === 'file the report')!.done_at).toBeNull();
    expect(after.find((r) => r.text === 'check email')!.due_at.toISOString()).toBe('2026-11-19T20:00:00.000Z');
  });

  it('refuses to mark another user’s reminder done', async () => {
    const owner = await chatAs(t.db, { user: 'Reminder Five' });
    await owner.say('remind me to renew the NDA tomorrow');
    const listed = await owner.say('what are my reminders?');
    const done = actionsOf(listed).find((a) => a.kind === 'button' && a.label === 'Done #1')!;

    const other = await chatAs(t.db, { user: 'Reminder Intruder' });
    expect(other.text((await other.send({ kind: 'action', ref: done.ref }))!)).toMatch(/belongs to someone else/);
    const forged = await other.send({ kind: 'action', ref: { verb: 'reminder.done', value: done.ref.value } });
    expect(other.text(forged!)).toContain('That reminder belongs to someone else');
    const forgedSnooze = await other.send({ kind: 'action', ref: { verb: 'reminder.snooze', value: done.ref.value } });
    expect(other.text(forgedSnooze!)).toContain('That reminder belongs to someone else');

    const [row] = await remindersOf(owner.userId);
    expect(row!.done_at).toBeNull();
    expect(row!.due_at.toISOString()).toBe('2026-11-19T14:00:00.000Z');
  });

  it('reads only numeric ids from a reminder button', async () => {
    const chat = await chatAs(t.db, { user: 'Reminder Six' });
    const r = await chat.send({ kind: 'action', ref: { verb: 'reminder.done', value: '1; drop table reminders' } });
    expect(chat.text(r!)).toContain('I could not read that button.');
  });
});
