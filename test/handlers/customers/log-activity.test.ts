import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf, type Reply } from '../../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

const activitiesBy = (authorId: number) =>
  t.db
    .selectFrom('activities')
    .innerJoin('customers', 'customers.id', 'activities.customer_id')
    .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
    .select(['activities.id', 'activities.kind', 'activities.summary', 'customers.name as customer', 'contacts.name as contact'])
    .where('activities.author_id', '=', authorId)
    .execute();

const undoRef = (reply: Reply) => {
  const undo = actionsOf(reply).find((a) => a.kind === 'button' && a.label === 'Undo');
  if (!undo) throw new Error('no Undo button');
  return undo.ref;
};

describe('logging an activity', () => {
  it('logs the call with Jane Cooper and schedules the follow-up at 09:00 New York time, and Undo removes both once', async () => {
    const chat = await chatAs(t.db, { user: 'Activity One', timeZone: 'America/New_York' });
    const logged = await chat.say('log a call with Jane at Acme Corp: renewal, follow up next Tuesday');
    const out = chat.text(logged);
    expect(out).toContain('Logged a call with Jane Cooper at Acme Corp');
    expect(out).toContain('renewal');
    expect(out).toContain('Follow-up: Tue 24 Nov 2026, 09:00');

    expect(await activitiesBy(chat.userId)).toEqual([
      { id: expect.any(Number), kind: 'call', summary: 'renewal', customer: 'Acme Corp', contact: 'Jane Cooper' },
    ]);
    const [activity] = await activitiesBy(chat.userId);
    const reminders = await t.db.selectFrom('reminders').selectAll().where('activity_id', '=', activity!.id).execute();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.due_at.toISOString()).toBe('2026-11-24T14:00:00.000Z');
    expect(reminders[0]!.due_has_time).toBe(false);
    expect(reminders[0]!.owner_id).toBe(chat.userId);

    const undone = await chat.click(logged, 'Undo');
    expect(chat.text(undone)).toBe('✓ Removed the call logged with Acme Corp and its follow-up reminder.');
    expect(await activitiesBy(chat.userId)).toEqual([]);
    expect(await t.db.selectFrom('reminders').select('id').where('id', '=', reminders[0]!.id).execute()).toEqual([]);

    const again = await chat.click(logged, 'Undo');
    expect(chat.text(again)).toContain('That change was already undone.');
  });

  it('logs a call with someone who is not a contact yet and says how to add them', async () => {
    const chat = await chatAs(t.db, { user: 'Activity Two' });
    const out = chat.text(await chat.say('log a call with Bob at Acme Corp'));
    expect(out).toContain('Logged a call with Bob at Acme Corp');
    expect(out).toContain('Bob isn’t a contact at Acme Corp yet — say “new contact: Bob at Acme Corp” to add them.');
    expect(await activitiesBy(chat.userId)).toEqual([
      { id: expect.any(Number), kind: 'call', summary: null, customer: 'Acme Corp', contact: null },
    ]);
  });

  it('asks which Acme when the name is ambiguous, then logs against the one picked', async () => {
    const chat = await chatAs(t.db, { user: 'Activity Three' });
    const ask = await chat.say('log a call with acme: pricing');
    expect(chat.text(ask)).toMatch(/Which “acme” do you mean\?/);
    expect(await activitiesBy(chat.userId)).toEqual([]);
    const out = chat.text(await chat.click(ask, /^Acme Industries/));
    expect(out).toContain('Logged a call with Acme Industries');
    expect(await activitiesBy(chat.userId)).toEqual([
      { id: expect.any(Number), kind: 'call', summary: 'pricing', customer: 'Acme Industries', contact: null },
    ]);
  });

  it('refuses another user’s Undo and keeps the activity', async () => {
    const author = await chatAs(t.db, { user: 'Activity Four' });
    const logged = await author.say('log a note on Initech: prefers email');
    const [activity] = await activitiesBy(author.userId);
    expect(activity).toMatchObject({ kind: 'note', customer: 'Initech' });

    const other = await chatAs(t.db, { user: 'Activity Intruder', role: 'sales' });
    const viaButton = await other.send({ kind: 'action', ref: undoRef(logged) });
    expect(other.text(viaButton!)).toMatch(/belongs to someone else/);
    // A forged click without the owner mark reaches the undo itself, which checks the author.
    const forged = await other.send({ kind: 'action', ref: { verb: 'undo', value: undoRef(logged).value } });
    expect(other.text(forged!)).toContain('Only the person who made that change (or an admin) can undo it.');
    expect(await activitiesBy(author.userId)).toHaveLength(1);
  });
});
