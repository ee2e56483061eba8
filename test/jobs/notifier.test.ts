import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleNotifier, NoRouteError, notifierByIdentity, recordingNotifier } from '../../src/jobs/notifier.js';
import { reminderReply, scheduleDueReminders } from '../../src/jobs/reminders/deliver-reminder.js';
import { scheduleOverdueSummaries } from '../../src/jobs/reminders/overdue-summary.js';
import { actionsOf } from '../../src/reply/reply.js';
import { useTestDatabase } from '../support/test-db.js';
import { addUser, automationFor, jobsOf, remind, testClock } from './jobs-fixtures.js';

const t = useTestDatabase();

describe('notifiers', () => {
  it('the console notifier writes the plain-text rendering', async () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (chunk) => (written += String(chunk)));
    const reminder = { id: 7, owner_id: 3, text: 'call Jane', due_at: new Date('2026-11-18T14:00:00Z') };
    await consoleNotifier(out).deliver({ userId: 3 }, reminderReply(reminder, 'Acme Corp', 'America/New_York', new Date('2026-11-18T14:00:00Z')), 'k');
    expect(written).toBe('\n[message for user #3]\n⏰ Reminder: call Jane at Acme Corp — due 09:00\n[Done]  [Snooze 1 day]  [Snooze 1 week]\n');
  });

  it('routes by the user’s chat identities, in order, and refuses users it cannot reach', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    const bob = await addUser(t.db, { name: 'Bob' });
    await t.db.insertInto('platform_identities').values([
      { platform: 'discord', workspace_id: 'g1', platform_user_id: '42', user_id: ann.id },
      { platform: 'slack', workspace_id: 'T1', platform_user_id: 'U1', user_id: ann.id },
    ]).execute();
    const slack = recordingNotifier();
    const discord = recordingNotifier();
    const reply = { blocks: [] };
    await notifierByIdentity(t.db, { slack, discord }).deliver({ userId: ann.id }, reply, 'k1');
    await notifierByIdentity(t.db, { discord }).deliver({ userId: ann.id }, reply, 'k2');
    expect(slack.deliveries.map((d) => d.idempotencyKey)).toEqual(['k1']);
    expect(discord.deliveries.map((d) => d.idempotencyKey)).toEqual(['k2']);
    await expect(notifierByIdentity(t.db, { slack, discord }).deliver({ userId: bob.id }, reply, 'k3')).rejects.toBeInstanceOf(NoRouteError);
  });

  it('a reminder for a user with no chat identity ends at once, with the reason, instead of retrying', async () => {
    const bob = await addUser(t.db, { name: 'Bob' });
    await remind(t.db, bob, 'call Jane', '2026-11-18T09:00:00Z');
    const clock = testClock('2026-11-18T09:00:00Z');
    expect(await scheduleDueReminders(t.db, clock.now())).toBe(1);
    const { worker } = automationFor(t.db, clock, { notifier: notifierByIdentity(t.db, { slack: recordingNotifier() }) });
    expect(await worker.runOnce()).toMatchObject({ dead: 1, retried: 0 });
    const [job] = await jobsOf(t.db, 'reminder.deliver');
    expect(job).toMatchObject({ status: 'dead', attempts: 1 });
    expect(job!.last_error).toMatch(/no chat identity/);
    const [reminder] = await t.db.selectFrom('reminders').select(['delivered_at', 'done_at']).execute();
    expect(reminder).toEqual({ delivered_at: null, done_at: null });
  });
});

describe('reminder messages', () => {
  it('names the due day when it is not today, and skips the customer already in the text', () => {
    const r = { id: 1, owner_id: 2, text: 'call Acme Corp', due_at: new Date('2026-11-17T14:00:00Z') };
    const line = reminderReply(r, 'Acme Corp', 'America/New_York', new Date('2026-11-18T15:00:00Z')).blocks[0];
    expect(line).toEqual({ type: 'text', text: '⏰ Reminder: call Acme Corp — due Tue 17 Nov, 09:00' });
  });

  it('adds Snooze 1 week when asked to (verb reminder.snooze_week)', () => {
    const r = { id: 1, owner_id: 2, text: 'x', due_at: new Date('2026-11-18T14:00:00Z') };
    const refs = actionsOf(reminderReply(r, null, 'UTC', r.due_at, { snoozeWeekButton: true })).map((a) => a.ref);
    expect(refs).toEqual([
      { verb: 'reminder.done', value: '1', forUserId: 2 },
      { verb: 'reminder.snooze', value: '1', forUserId: 2 },
      { verb: 'reminder.snooze_week', value: '1', forUserId: 2 },
    ]);
  });

  it('a user with an unknown stored time zone still gets reminders and summaries (in UTC)', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    await remind(t.db, ann, 'call Jane', '2026-11-18T09:00:00Z');
    await t.db.updateTable('users').set({ time_zone: 'Mars/Olympus' }).execute();
    const clock = testClock('2026-11-18T09:00:00Z');
    expect(await scheduleDueReminders(t.db, clock.now())).toBe(1);
    expect(await scheduleOverdueSummaries(t.db, clock.now())).toBe(1);
    const { worker, notifier } = automationFor(t.db, clock);
    await worker.runOnce();
    expect(notifier.deliveries.map((d) => d.text.split('\n')[0])).toEqual(['⏰ Reminder: call Jane — due 09:00']);
  });
});
