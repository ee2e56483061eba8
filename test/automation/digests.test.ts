import { describe, expect, it } from 'vitest';
import { DIGEST_POST } from '../../src/jobs/automations/digests.js';
import { nextOccurrence, quietUntil } from '../../src/jobs/automations/schedule.js';
import type { RecordedDelivery } from '../../src/jobs/notifier.js';
import { useTestDatabase } from '../support/test-db.js';
import { automationFor, jobsOf, testClock } from '../jobs/jobs-fixtures.js';
import { slackChat } from './automation-fixtures.js';

const t = useTestDatabase();

describe('scheduled digests', () => {
  it('posts the weekly pipeline digest to #sales every Monday at 09:00 New York time, across the DST change of 2026-11-01', async () => {
    const clock = testClock('2026-10-21T15:00:00Z'); // Wednesday
    const marcus = await slackChat(t.db, clock);
    const set = await marcus.say('post the pipeline digest to #sales every Monday at 9am');
    expect(marcus.text(set)).toContain('Scheduled: the pipeline digest in #sales every Monday at 09:00 (America/New_York).');
    expect(marcus.text(set)).toContain('First post: ');

    const { worker, notifier } = automationFor(t.db, clock);
    const at = async (iso: string): Promise<RecordedDelivery[]> => {
      const before = notifier.deliveries.length;
      clock.set(iso);
      await worker.runOnce();
      return notifier.deliveries.slice(before);
    };
    expect(await at('2026-10-26T12:59:59Z')).toEqual([]);
    const first = await at('2026-10-26T13:00:00Z'); // 09:00 EDT
    expect(first).toHaveLength(1);
    expect(first[0]!.channel).toEqual({ platform: 'slack', workspaceId: 'T0TEAM', channelId: '#sales' });
    expect(first[0]!.text).toContain('📊 Pipeline digest');
    expect(first[0]!.text).toContain('Scheduled by Marcus Reed: every Monday at 09:00 (America/New_York)');
    expect(first[0]!.idempotencyKey).toMatch(/^digest:\d+:2026-10-26T13:00:00.000Z$/);
    expect(await at('2026-10-26T13:00:30Z')).toEqual([]);
    // After the change 09:00 is 14:00Z: nothing at yesterday's offset.
    expect(await at('2026-11-02T13:00:00Z')).toEqual([]);
    expect(await at('2026-11-02T13:59:59Z')).toEqual([]);
    expect(await at('2026-11-02T14:00:00Z')).toHaveLength(1);
    expect(await at('2026-11-09T14:00:00Z')).toHaveLength(1);
    expect(notifier.deliveries.map((d) => d.idempotencyKey.split(':').slice(2).join(':'))).toEqual([
      '2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z',
    ]);
    expect((await jobsOf(t.db, DIGEST_POST)).filter((j) => j.status === 'queued').map((j) => j.run_at.toISOString())).toEqual([]);
  });

  it('two workers scheduling together post each occurrence once', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    await marcus.say('daily ticket summary here at 8:30');
    const a = automationFor(t.db, clock, { workerId: 'a' });
    const b = automationFor(t.db, clock, { workerId: 'b' });
    clock.set('2026-11-19T13:30:00Z'); // 08:30 EST
    await Promise.all([a.worker.runOnce(), b.worker.runOnce(), a.worker.runOnce()]);
    const posts = [...a.notifier.deliveries, ...b.notifier.deliveries];
    expect(posts).toHaveLength(1);
    expect(posts[0]!.channel?.channelId).toBe('C0GENERAL');
    expect(posts[0]!.text).toContain('📊 Ticket summary');
  });

  it('lists digests and cancels one from chat (by name and by button); a cancelled digest posts nothing', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    await marcus.say('post the pipeline digest to #sales every Monday at 9am');
    const tickets = await marcus.say('daily ticket summary here at 8:30');
    await marcus.say('notify #support about urgent tickets');
    const listed = marcus.text(await marcus.say('what digests are scheduled?'));
    expect(listed).toContain('Scheduled digests (2):');
    expect(listed).toMatch(/#\d+ Pipeline digest → #sales, every Monday at 09:00 \(America\/New_York\)/);
    expect(listed).toMatch(/#\d+ Ticket summary → this channel, every day at 08:30/);
    expect(listed).toMatch(/Notification rules \(1\):\n.*new urgent tickets → #support/);

    expect(marcus.text(await marcus.say('cancel the pipeline digest'))).toMatch(/^✓ Cancelled: #\d+ Pipeline digest → #sales/);
    expect(marcus.text(await marcus.click(tickets, 'Cancel this digest'))).toMatch(/Cancelled: #\d+ Ticket summary/);
    expect(marcus.text(await marcus.say('what digests are scheduled?'))).not.toContain('Scheduled digests');

    const { worker, notifier } = automationFor(t.db, clock);
    clock.set('2026-11-23T14:00:00Z');
    await worker.runOnce();
    expect(notifier.deliveries).toEqual([]);
  });

  it('only managers and admins set up channel digests and rules', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const sarah = await slackChat(t.db, clock, { slackUser: 'U0SARAH', name: 'Sarah Chen', role: 'sales' });
    expect(sarah.text(await sarah.say('post the pipeline digest to #sales every Monday at 9am'))).toContain('managers and admins');
    expect(sarah.text(await sarah.say('notify #support about urgent tickets'))).toContain('managers and admins');
    expect(await t.db.selectFrom('automations').selectAll().execute()).toEqual([]);
  });
});

describe('schedule arithmetic', () => {
  it('weekdays skip the weekend; a spring-forward 02:30 is moved on by luxon', () => {
    const s = { frequency: 'weekdays' as const, time: '08:30', timeZone: 'Europe/Berlin' };
    expect(nextOccurrence(s, new Date('2026-11-20T08:00:00Z')).toISOString()).toBe('2026-11-23T07:30:00.000Z'); // Fri after → Mon
    const spring = nextOccurrence({ frequency: 'daily', time: '02:30', timeZone: 'America/New_York' }, new Date('2027-03-14T00:00:00Z'));
    expect(spring.toISOString()).toBe('2027-03-14T07:30:00.000Z'); // 03:30 EDT
  });

  it('quiet hours across midnight end at the local end time', () => {
    const w = { start: '20:00', end: '08:00', timeZone: 'America/New_York' };
    expect(quietUntil(new Date('2026-11-19T03:00:00Z'), w)?.toISOString()).toBe('2026-11-19T13:00:00.000Z'); // 22:00 → 08:00 EST
    expect(quietUntil(new Date('2026-11-19T11:00:00Z'), w)?.toISOString()).toBe('2026-11-19T13:00:00.000Z'); // 06:00
    expect(quietUntil(new Date('2026-11-19T15:00:00Z'), w)).toBeNull(); // 10:00
  });
  it('“cancel the revenue digest in #team2” cancels that digest, not automation #2', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    await marcus.say('post the pipeline digest to #sales every Monday at 9am');
    await marcus.say('daily ticket summary here at 8:30');
    await marcus.say('post the revenue digest to #team2 every Friday at 4pm');
    const ids = await t.db.selectFrom('automations').select(['id', 'report']).orderBy('id').execute();
    expect(marcus.text(await marcus.say('cancel the revenue digest in #team2'))).toContain('Cancelled');
    expect(marcus.text(await marcus.say('cancel the 8:30 ticket summary'))).toContain('Cancelled');
    const left = await t.db.selectFrom('automations').select('report').where('cancelled_at', 'is', null).execute();
    expect(left.map((a) => a.report)).toEqual(['pipeline']);
    expect(marcus.text(await marcus.say(`cancel digest #${ids[0]!.id}`))).toContain('Cancelled');
  });

  it('a digest whose creator may no longer see the report is cancelled instead of posted', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    await marcus.say('daily revenue digest here at 8:30');
    await t.db.updateTable('users').set({ role: 'support' }).where('id', '=', marcus.userId).execute();
    const { worker, notifier } = automationFor(t.db, clock);
    clock.set('2026-11-19T13:30:00Z');
    await worker.runOnce();
    expect(notifier.deliveries).toEqual([]);
    const [digest] = await t.db.selectFrom('automations').select('cancelled_at').execute();
    expect(digest!.cancelled_at).not.toBeNull();
  });
});
