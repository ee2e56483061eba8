import { describe, expect, it } from 'vitest';
import { markReminderDone, snoozeReminder } from '../../src/crm/reminders/reminder.service.js';
import { snoozeOneDay } from '../../src/handlers/customers/reminder-text.js';
import type { RecordedDelivery, RecordingNotifier } from '../../src/jobs/notifier.js';
import { REMINDER_DELIVER } from '../../src/jobs/reminders/deliver-reminder.js';
import { OVERDUE_SUMMARY } from '../../src/jobs/reminders/overdue-summary.js';
import { actionsOf, type Action } from '../../src/reply/reply.js';
import { useTestDatabase } from '../support/test-db.js';
import { addCustomer, addUser, automationFor, ctxFor, jobsOf, remind, testClock } from './jobs-fixtures.js';

const t = useTestDatabase();
const label = (a: Action) => (a.kind === 'button' ? a.label : a.placeholder);

/** Sets the clock, runs the worker once, returns what was delivered in that run. */
function stepper(worker: { runOnce(): Promise<unknown> }, notifier: RecordingNotifier, clock: { set(iso: string): void }) {
  return async (iso: string): Promise<RecordedDelivery[]> => {
    const before = notifier.deliveries.length;
    clock.set(iso);
    await worker.runOnce();
    return notifier.deliveries.slice(before);
  };
}

describe('reminders arrive at their due time', () => {
  it('fires a date-only reminder at 09:00 in each owner’s zone, once', async () => {
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
    const bernd = await addUser(t.db, { name: 'Bernd', timeZone: 'Europe/Berlin' });
    const kenji = await addUser(t.db, { name: 'Kenji', timeZone: 'Asia/Tokyo' });
    const acme = await addCustomer(t.db, { name: 'Acme Corp' });
    await remind(t.db, ann, 'call Jane Cooper', '2026-11-24', { customerId: acme.id });
    await remind(t.db, bernd, 'send the offer', '2026-11-24');
    await remind(t.db, kenji, 'renewal check', '2026-11-24');
    const clock = testClock('2026-11-23T00:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);

    // Kenji: 09:00 JST = 00:00 UTC; Bernd: 09:00 CET = 08:00 UTC; Ann: 09:00 EST = 14:00 UTC.
    for (const [due, user] of [['2026-11-24T00:00:00.000Z', kenji], ['2026-11-24T08:00:00.000Z', bernd], ['2026-11-24T14:00:00.000Z', ann]] as const) {
      expect(await at(new Date(new Date(due).getTime() - 1000).toISOString())).toEqual([]);
      const sent = await at(due);
      expect(sent.map((d) => d.target.userId)).toEqual([user.id]);
      expect(await at(due)).toEqual([]);
      expect(await at(new Date(new Date(due).getTime() + 90_000).toISOString())).toEqual([]);
    }
    const annMessage = notifier.to(ann.id)[0]!;
    expect(annMessage.text.split('\n')[0]).toBe('⏰ Reminder: call Jane Cooper at Acme Corp — due 09:00');
    expect(annMessage.idempotencyKey).toMatch(/^reminder:\d+:2026-11-24T14:00:00.000Z$/);
    const reminderId = Number(annMessage.idempotencyKey.split(':')[1]);
    expect(actionsOf(annMessage.reply)).toEqual([
      { kind: 'button', label: 'Done', ref: { verb: 'reminder.done', value: String(reminderId), forUserId: ann.id }, style: 'primary' },
      { kind: 'button', label: 'Snooze 1 day', ref: { verb: 'reminder.snooze', value: String(reminderId), forUserId: ann.id } },
      { kind: 'button', label: 'Snooze 1 week', ref: { verb: 'reminder.snooze_week', value: String(reminderId), forUserId: ann.id } },
    ]);
    expect(notifier.to(bernd.id)[0]!.text).toMatch(/^⏰ Reminder: send the offer — due 09:00/);
    const delivered = await t.db.selectFrom('reminders').select(['owner_id', 'delivered_at']).orderBy('id').execute();
    expect(delivered.map((r) => r.delivered_at?.toISOString())).toEqual(['2026-11-24T14:00:00.000Z', '2026-11-24T08:00:00.000Z', '2026-11-24T00:00:00.000Z']);
  });

  it('is right on both sides of the New York DST change (2026-11-01), including the repeated 01:30', async () => {
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
    await remind(t.db, ann, 'before the change', '2026-10-31'); // 09:00 EDT
    await remind(t.db, ann, 'first 01:30', '2026-11-01T01:30:00-04:00');
    await remind(t.db, ann, 'second 01:30', '2026-11-01T01:30:00-05:00');
    await remind(t.db, ann, 'after the change', '2026-11-01'); // 09:00 EST
    const clock = testClock('2026-10-30T12:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);
    // Only the reminder DMs (the morning summaries are tested below).
    const texts = async (iso: string) => (await at(iso)).map((d) => d.text.split('\n')[0]).filter((line) => line!.startsWith('⏰'));

    expect(await texts('2026-10-31T12:59:59Z')).toEqual([]);
    expect(await texts('2026-10-31T13:00:00Z')).toEqual(['⏰ Reminder: before the change — due 09:00']);
    expect(await texts('2026-11-01T05:29:59Z')).toEqual([]);
    expect(await texts('2026-11-01T05:30:00Z')).toEqual(['⏰ Reminder: first 01:30 — due 01:30']);
    expect(await texts('2026-11-01T06:29:59Z')).toEqual([]);
    expect(await texts('2026-11-01T06:30:00Z')).toEqual(['⏰ Reminder: second 01:30 — due 01:30']);
    expect(await texts('2026-11-01T13:59:59Z')).toEqual([]); // 08:59:59 EST; 09:59 by yesterday's offset
    expect(await texts('2026-11-01T14:00:00Z')).toEqual(['⏰ Reminder: after the change — due 09:00']);
    expect(await texts('2026-11-01T14:00:00Z')).toEqual([]);
    expect(notifier.deliveries.filter((d) => d.text.startsWith('⏰'))).toHaveLength(4);
  });

  it('is right on both sides of the Berlin DST change (2026-10-25)', async () => {
    const bernd = await addUser(t.db, { name: 'Bernd', timeZone: 'Europe/Berlin' });
    await remind(t.db, bernd, 'Saturday', '2026-10-24'); // 09:00 CEST = 07:00 UTC
    await remind(t.db, bernd, 'Sunday', '2026-10-25'); // 09:00 CET = 08:00 UTC
    await remind(t.db, bernd, 'in the gap hour', '2026-10-25T02:30:00+01:00'); // the second 02:30
    const clock = testClock('2026-10-23T00:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);
    // Only the reminder DMs (the morning summaries are tested below).
    const texts = async (iso: string) => (await at(iso)).map((d) => d.text.split('\n')[0]).filter((line) => line!.startsWith('⏰'));

    expect(await texts('2026-10-24T06:59:59Z')).toEqual([]);
    expect(await texts('2026-10-24T07:00:00Z')).toEqual(['⏰ Reminder: Saturday — due 09:00']);
    expect(await texts('2026-10-25T01:29:59Z')).toEqual([]);
    expect(await texts('2026-10-25T01:30:00Z')).toEqual(['⏰ Reminder: in the gap hour — due 02:30']);
    expect(await texts('2026-10-25T07:59:59Z')).toEqual([]);
    expect(await texts('2026-10-25T08:00:00Z')).toEqual(['⏰ Reminder: Sunday — due 09:00']);
    expect(await texts('2026-10-25T08:00:30Z')).toEqual([]);
  });

  it('delivers a snoozed reminder again at its new time (Snooze 1 day across the DST change)', async () => {
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
    const r = await remind(t.db, ann, 'call Jane', '2026-10-31');
    const clock = testClock('2026-10-31T12:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);
    expect(await at('2026-10-31T13:00:00Z')).toHaveLength(1);

    // The Snooze button's action: one day later, a date-only reminder stays date-only (09:00 local).
    await snoozeReminder(ctxFor(t.db, ann, clock.t), r.id, { until: snoozeOneDay(r, clock.t, ann.time_zone) });
    expect(await at('2026-10-31T13:05:00Z')).toEqual([]);
    expect(await at('2026-11-01T13:00:00Z')).toEqual([]); // 08:00 EST
    expect(await at('2026-11-01T13:59:59Z')).toEqual([]);
    const again = await at('2026-11-01T14:00:00Z');
    expect(again).toHaveLength(1);
    expect(again[0]!.text.split('\n')[0]).toBe('⏰ Reminder: call Jane — due 09:00');
    expect(await at('2026-11-01T14:01:00Z')).toEqual([]);
    expect(new Set(notifier.deliveries.map((d) => d.idempotencyKey)).size).toBe(2);
  });

  it('does not deliver a reminder snoozed or done after it was scheduled but before it was due', async () => {
    const ann = await addUser(t.db, { name: 'Ann' });
    const snoozed = await remind(t.db, ann, 'snoozed', '2026-11-18T10:00:00Z');
    const done = await remind(t.db, ann, 'done', '2026-11-18T10:00:00Z');
    const clock = testClock('2026-11-18T09:59:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);
    expect(await at('2026-11-18T09:59:00Z')).toEqual([]);
    expect(await jobsOf(t.db, REMINDER_DELIVER)).toHaveLength(2); // enqueued ahead, run_at = due_at
    await snoozeReminder(ctxFor(t.db, ann, clock.t), snoozed.id, { by: 'PT1H' });
    await markReminderDone(ctxFor(t.db, ann, clock.t), done.id);
    expect(await at('2026-11-18T10:00:00Z')).toEqual([]);
    expect((await at('2026-11-18T10:59:00Z')).map((d) => d.text.split('\n')[0])).toEqual(['⏰ Reminder: snoozed — due 10:59']);
    expect(await at('2026-11-18T12:00:00Z')).toEqual([]);
  });

  it('sends a reminder that is only a little late (the bot was down for an hour) at once', async () => {
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'Europe/Berlin' });
    await remind(t.db, ann, 'call Jane', '2026-11-18T10:00:00+01:00');
    const clock = testClock('2026-11-18T10:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const sent = await stepper(worker, notifier, clock)('2026-11-18T10:00:00Z');
    expect(sent.map((d) => d.text.split('\n')[0])).toEqual(['⏰ Reminder: call Jane — due 10:00']);
  });
});

describe('overdue reminders are summarised each morning instead of sent one by one', () => {
  async function pile() {
    const ann = await addUser(t.db, { name: 'Ann', timeZone: 'America/New_York' });
    const bernd = await addUser(t.db, { name: 'Bernd', timeZone: 'Europe/Berlin' });
    const acme = await addCustomer(t.db, { name: 'Acme Corp' });
    // Entered while the bot was down for days: far past due, never delivered.
    for (let i = 1; i <= 7; i++) await remind(t.db, ann, `old task ${i}`, `2026-10-2${i}`, { customerId: i === 1 ? acme.id : undefined });
    await remind(t.db, bernd, 'Bernd old task', '2026-10-20');
    await remind(t.db, ann, 'later this week', '2026-11-05');
    return { ann, bernd };
  }

  it('sends one summary at 08:00 local per user per day, across the DST changes, and not each old reminder', async () => {
    const { ann, bernd } = await pile();
    const clock = testClock('2026-10-30T00:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);
    const who = async (iso: string) => (await at(iso)).map((d) => d.target.userId);

    expect(await who('2026-10-31T05:59:59Z')).toEqual([]); // Bernd 06:59 CET, Ann 01:59 EDT
    expect(await who('2026-10-31T07:00:00Z')).toEqual([bernd.id]); // 08:00 CET (Berlin changed on the 25th)
    expect(await who('2026-10-31T07:30:00Z')).toEqual([]);
    expect(await who('2026-10-31T11:59:59Z')).toEqual([]);
    expect(await who('2026-10-31T12:00:00Z')).toEqual([ann.id]); // 08:00 EDT
    expect(await who('2026-10-31T18:00:00Z')).toEqual([]);
    expect(await who('2026-11-01T07:00:00Z')).toEqual([bernd.id]);
    expect(await who('2026-11-01T12:00:00Z')).toEqual([]); // 07:00 EST now
    expect(await who('2026-11-01T13:00:00Z')).toEqual([ann.id]); // 08:00 EST
    expect(await who('2026-11-01T13:00:30Z')).toEqual([]);

    const summary = notifier.to(ann.id)[0]!;
    expect(summary.idempotencyKey).toBe(`reminders.overdue_summary:${ann.id}:2026-10-31`);
    expect(summary.text).toContain('☀️ Good morning — 7 reminders are overdue:');
    expect(summary.text).toContain('1. old task 1 at Acme Corp — due Wed 21 Oct, 09:00');
    expect(summary.text).toContain('7. old task 7 — due Tue 27 Oct, 09:00');
    expect(summary.text).not.toContain('later this week');
    expect(actionsOf(summary.reply).map(label)).toEqual([
      'Done #1', 'Snooze 1 day #1', 'Snooze 1 week #1', 'Done #2', 'Snooze 1 day #2', 'Snooze 1 week #2',
      'Done #3', 'Snooze 1 day #3', 'Snooze 1 week #3', 'Done #4', 'Snooze 1 day #4', 'Snooze 1 week #4',
      'Done #5', 'Snooze 1 day #5', 'Snooze 1 week #5',
    ]);
    expect(notifier.to(ann.id).map((d) => d.idempotencyKey)).toEqual([
      `reminders.overdue_summary:${ann.id}:2026-10-31`, `reminders.overdue_summary:${ann.id}:2026-11-01`,
    ]);
    expect(notifier.deliveries.filter((d) => d.text.startsWith('⏰'))).toEqual([]);
    expect(await jobsOf(t.db, REMINDER_DELIVER)).toEqual([]);
    // The listed reminders count as delivered; "later this week" is still to come on its own.
    const undelivered = await t.db.selectFrom('reminders').select('text').where('delivered_at', 'is', null).execute();
    expect(undelivered.map((r) => r.text)).toEqual(['later this week']);
  });

  it('sends nothing when nothing is overdue enough, and stops listing a reminder once it is done', async () => {
    const { ann } = await pile();
    const clock = testClock('2026-10-30T00:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const all = stepper(worker, notifier, clock);
    const at = async (iso: string) => (await all(iso)).filter((d) => d.target.userId === ann.id);
    expect(await at('2026-10-31T12:00:00Z')).toHaveLength(1);
    const open = await t.db.selectFrom('reminders').select('id').where('owner_id', '=', ann.id).where('text', 'like', 'old task%').execute();
    for (const r of open) await markReminderDone(ctxFor(t.db, ann, clock.t), r.id);
    expect(await at('2026-11-01T13:00:00Z')).toEqual([]);
    // "later this week" is delivered on its own at 09:00 on the 5th, then summarised the next morning.
    expect((await at('2026-11-05T14:00:00Z')).map((d) => d.text.split('\n')[0])).toEqual(['⏰ Reminder: later this week — due 09:00']);
    expect(await at('2026-11-05T20:00:00Z')).toEqual([]);
    const next = await at('2026-11-06T13:00:00Z');
    expect(next.map((d) => d.text.split('\n')[0])).toEqual(['☀️ Good morning — 1 reminder is overdue:']);
    expect(actionsOf(next[0]!.reply).map(label)).toEqual(['Done', 'Snooze 1 day', 'Snooze 1 week']);
    const summaries = await jobsOf(t.db, OVERDUE_SUMMARY);
    expect(summaries.every((j) => j.status === 'done')).toBe(true);
  });

  it('still sends the morning summary when the bot starts at 10:00, but not a stale one in the evening', async () => {
    const { ann } = await pile();
    const clock = testClock('2026-11-02T15:00:00Z');
    const { worker, notifier } = automationFor(t.db, clock);
    const at = stepper(worker, notifier, clock);
    expect((await at('2026-11-02T15:00:00Z')).map((d) => d.target.userId)).toContain(ann.id); // 10:00 EST
    notifier.clear();
    const late = automationFor(t.db, clock);
    const lateAt = stepper(late.worker, late.notifier, clock);
    await t.db.deleteFrom('jobs').execute();
    expect((await lateAt('2026-11-03T02:00:00Z')).map((d) => d.target.userId)).not.toContain(ann.id); // 21:00 EST
  });
});
