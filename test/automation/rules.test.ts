import { describe, expect, it } from 'vitest';
import { createTicket, updateTicket } from '../../src/crm/tickets/ticket.service.js';
import { inTransaction } from '../../src/db/transaction.js';
import { RULE_NOTIFY } from '../../src/jobs/automations/rules.js';
import { createAutomation } from '../../src/jobs/automation.js';
import { notifierByIdentity, recordingNotifier, type RecordedDelivery } from '../../src/jobs/notifier.js';
import { useTestDatabase } from '../support/test-db.js';
import { addUser, automationFor, ctxFor, jobsOf, remind, testClock } from '../jobs/jobs-fixtures.js';
import { slackChat } from './automation-fixtures.js';

const t = useTestDatabase();

async function setup(start: string) {
  const clock = testClock(start);
  const marcus = await slackChat(t.db, clock);
  const tom = await addUser(t.db, { name: 'Tom Alvarez', role: 'support', timeZone: 'America/New_York' });
  const { worker, notifier } = automationFor(t.db, clock);
  const at = async (iso: string): Promise<RecordedDelivery[]> => {
    const before = notifier.deliveries.length;
    clock.set(iso);
    await worker.runOnce();
    return notifier.deliveries.slice(before);
  };
  const urgent = (subject: string) => inTransaction(t.db, (tx) => createTicket(ctxFor(tx as never, tom, clock.t), { subject, priority: 'urgent' }));
  return { clock, marcus, tom, worker, notifier, at, urgent };
}

describe('notification rules', () => {
  it('tells #support about a new urgent ticket once, after the batch window, with a Mute button', async () => {
    const { marcus, at, urgent, tom, clock } = await setup('2026-11-18T15:00:00Z');
    expect(marcus.text(await marcus.say('notify #support about urgent tickets'))).toMatch(/I’ll tell #support about new urgent tickets \(rule #\d+\)/);
    const ticket = await urgent('Checkout is down');
    expect(await at('2026-11-18T15:00:59Z')).toEqual([]);
    const sent = await at('2026-11-18T15:01:00Z');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.channel?.channelId).toBe('#support');
    expect(sent[0]!.text.split('\n')[0]).toBe(`🚨 Urgent ticket #${ticket.number} Checkout is down`);
    expect(sent[0]!.text).toContain('[Mute this rule]');
    // Writing the same ticket again (escalated already, a retried event) is not a new event.
    await inTransaction(t.db, (tx) => updateTicket(ctxFor(tx as never, tom, clock.t), { number: ticket.number, status: 'pending' }));
    expect(await at('2026-11-18T15:10:00Z')).toEqual([]);
    // A normal ticket is not an event.
    await inTransaction(t.db, (tx) => createTicket(ctxFor(tx as never, tom, clock.t), { subject: 'typo', priority: 'normal' }));
    expect(await at('2026-11-18T15:20:00Z')).toEqual([]);
    expect((await jobsOf(t.db, RULE_NOTIFY)).length).toBe(1);
  });

  it('enqueues in the write’s transaction: a rolled-back ticket notifies nobody', async () => {
    const { marcus, at, tom, clock } = await setup('2026-11-18T15:00:00Z');
    await marcus.say('notify #support about urgent tickets');
    await expect(
      inTransaction(t.db, async (tx) => {
        await createTicket(ctxFor(tx as never, tom, clock.t), { subject: 'Checkout is down', priority: 'urgent' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await jobsOf(t.db, RULE_NOTIFY)).toEqual([]);
    expect(await at('2026-11-18T16:00:00Z')).toEqual([]);
  });

  it('folds a burst into one message listing every ticket', async () => {
    const { marcus, at, urgent, clock } = await setup('2026-11-18T15:00:00Z');
    await marcus.say('notify #support about urgent tickets');
    await urgent('A down');
    clock.set('2026-11-18T15:00:20Z');
    await urgent('B down');
    clock.set('2026-11-18T15:00:40Z');
    await urgent('C down');
    const sent = await at('2026-11-18T15:01:00Z');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('🚨 3 new urgent tickets:');
    for (const s of ['A down', 'B down', 'C down']) expect(sent[0]!.text).toContain(s);
    expect(await at('2026-11-18T15:02:00Z')).toEqual([]);
  });

  it('holds notifications during the channel’s quiet hours and sends them when they end', async () => {
    const { marcus, at, urgent, clock } = await setup('2026-11-19T02:00:00Z'); // 21:00 New York
    await marcus.say('notify #support about urgent tickets');
    expect(marcus.text(await marcus.say('quiet hours in #support 20:00-08:00'))).toContain('Quiet hours in #support: 20:00–08:00 (America/New_York)');
    await urgent('Night outage');
    clock.set('2026-11-19T05:00:00Z');
    await urgent('Another one');
    expect(await at('2026-11-19T12:59:59Z')).toEqual([]); // 07:59:59
    const sent = await at('2026-11-19T13:00:00Z'); // 08:00 EST
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('2 new urgent tickets');
  });

  it('“Mute this rule” on the message silences the rule until “Unmute”', async () => {
    const { marcus, at, urgent } = await setup('2026-11-18T15:00:00Z');
    await marcus.say('notify #support about urgent tickets');
    await urgent('First');
    const [message] = await at('2026-11-18T15:01:00Z');
    const muted = await marcus.click(message!.reply, 'Mute this rule');
    expect(marcus.text(muted)).toMatch(/Muted rule #\d+ \(new urgent tickets → #support\), by Marcus Reed/);
    await urgent('While muted');
    expect(await at('2026-11-18T15:05:00Z')).toEqual([]);
    expect(marcus.text(await marcus.say('what digests are scheduled?'))).toContain('(muted)');
    await marcus.click(muted, 'Unmute');
    await urgent('After unmute');
    const sent = await at('2026-11-18T15:10:00Z');
    expect(sent.map((d) => d.text.split('\n')[0])).toEqual([expect.stringContaining('After unmute')]);
  });

  it('tells #sales when a deal is won, once per win', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    expect(marcus.text(await marcus.say('tell #sales when a deal is won'))).toContain('deals won');
    const sarah = await addUser(t.db, { name: 'Sarah Chen', role: 'sales' });
    const customer = await t.db.insertInto('customers').values({ name: 'Acme Corp', owner_id: sarah.id } as never).returning('id').executeTakeFirstOrThrow();
    const deal = await t.db.insertInto('deals').values({ customer_id: customer.id, title: 'Acme renewal', amount: '50000.00', owner_id: sarah.id }).returning('id').executeTakeFirstOrThrow();
    const { updateDeal } = await import('../../src/crm/deals/deal.service.js');
    await inTransaction(t.db, (tx) => updateDeal(ctxFor(tx as never, sarah, clock.t), { dealId: deal.id, stage: 'won' }));
    const { worker, notifier } = automationFor(t.db, clock);
    clock.set('2026-11-18T15:01:00Z');
    await worker.runOnce();
    await worker.runOnce();
    expect(notifier.deliveries.map((d) => d.text.split('\n')[0])).toEqual(['🏆 Deal won: Acme renewal (Acme Corp) — $50,000.00, won by Sarah Chen']);
  });

  it('warns the assignee by DM an hour before a ticket’s SLA breaches, not after it is resolved', async () => {
    const { marcus, at, urgent, tom, clock } = await setup('2026-11-18T15:00:00Z');
    expect(marcus.text(await marcus.say('warn the assignee when a ticket SLA is about to breach'))).toContain('I’ll tell the assignee');
    const a = await urgent('Due in 4h'); // urgent: 4 h SLA → warning at 18:00Z
    await inTransaction(t.db, (tx) => updateTicket(ctxFor(tx as never, tom, clock.t), { number: a.number, assigneeId: tom.id }));
    const b = await urgent('Resolved early');
    await inTransaction(t.db, (tx) => updateTicket(ctxFor(tx as never, tom, clock.t), { number: b.number, status: 'resolved' }));
    expect(await at('2026-11-18T17:59:59Z')).toEqual([]);
    const sent = await at('2026-11-18T18:01:00Z'); // an hour before, plus the rule's one-minute batch window
    expect(sent.map((d) => [d.target.userId, d.text.split('\n')[0]])).toEqual([[tom.id, `⏳ SLA about to breach: ticket #${a.number} Due in 4h`]]);
    expect(await at('2026-11-18T19:30:00Z')).toEqual([]);
  });
  it('a deal recorded as already won tells #sales too', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    await marcus.say('tell #sales when a deal is won');
    const sarah = await addUser(t.db, { name: 'Sarah Chen', role: 'sales' });
    const customer = await t.db.insertInto('customers').values({ name: 'Initech', owner_id: sarah.id } as never).returning('id').executeTakeFirstOrThrow();
    const { createDeal } = await import('../../src/crm/deals/deal.service.js');
    await inTransaction(t.db, (tx) => createDeal(ctxFor(tx as never, sarah, clock.t), { customerId: customer.id, title: 'Initech pilot', amount: 12000, stage: 'won' }));
    await inTransaction(t.db, (tx) => createDeal(ctxFor(tx as never, sarah, clock.t), { customerId: customer.id, title: 'Initech phase 2', amount: 30000 }));
    const { worker, notifier } = automationFor(t.db, clock);
    clock.set('2026-11-18T15:01:00Z');
    await worker.runOnce();
    expect(notifier.deliveries.map((d) => d.text.split('\n')[0])).toEqual(['🏆 Deal won: Initech pilot — $12,000.00, won by Sarah Chen']);
  });

  it('an assignee who cannot be reached neither blocks nor repeats the others’ SLA warnings', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await slackChat(t.db, clock);
    await marcus.say('warn the assignee when a ticket SLA is about to breach');
    const tom = await addUser(t.db, { name: 'Tom Alvarez', role: 'support', timeZone: 'America/New_York' });
    const ann = await addUser(t.db, { name: 'Ann Lee', role: 'support', timeZone: 'America/New_York' }); // never talked to the bot
    await t.db.insertInto('platform_identities').values({ user_id: tom.id, platform: 'slack', workspace_id: 'T0TEAM', platform_user_id: 'U0TOM' }).execute();
    const slack = recordingNotifier();
    const worker = createAutomation({ db: t.db, notifier: notifierByIdentity(t.db, { slack }), now: clock.now, random: () => 0.5, workerId: 'w' });
    const assigned = async (subject: string, to: number) => {
      const ticket = await inTransaction(t.db, (tx) => createTicket(ctxFor(tx as never, tom, clock.t), { subject, priority: 'urgent' }));
      await inTransaction(t.db, (tx) => updateTicket(ctxFor(tx as never, tom, clock.t), { number: ticket.number, assigneeId: to }));
      return ticket;
    };
    const a = await assigned('Printer on fire', tom.id);
    await assigned('Fax jammed', ann.id);
    clock.set('2026-11-18T18:01:00Z');
    await worker.runOnce();
    clock.set('2026-11-18T18:30:00Z');
    const c = await assigned('Badge reader down', tom.id); // due 22:30, warned at 21:31
    clock.set('2026-11-18T21:32:00Z');
    await worker.runOnce();
    expect(slack.deliveries.map((d) => [d.target.userId, d.text.split('\n')[0]])).toEqual([
      [tom.id, `⏳ SLA about to breach: ticket #${a.number} Printer on fire`],
      [tom.id, `⏳ SLA about to breach: ticket #${c.number} Badge reader down`],
    ]);
    const pending = await t.db.selectFrom('rule_events').select('id').where('notified_at', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('a bot that does not serve the user’s platform leaves the reminder for one that does', async () => {
    const clock = testClock('2026-11-18T14:59:00Z');
    const tom = await addUser(t.db, { name: 'Tom Alvarez', role: 'support', timeZone: 'America/New_York' });
    await t.db.insertInto('platform_identities').values({ user_id: tom.id, platform: 'discord', workspace_id: 'G1', platform_user_id: '42' }).execute();
    await remind(t.db, tom, 'call Jane', '2026-11-18T15:00:00Z');
    const discord = recordingNotifier();
    const slackOnly = createAutomation({ db: t.db, notifier: notifierByIdentity(t.db, { slack: recordingNotifier() }), now: clock.now, random: () => 0.5, workerId: 'slack-bot' });
    const discordToo = createAutomation({ db: t.db, notifier: notifierByIdentity(t.db, { discord }), now: clock.now, random: () => 0.5, workerId: 'discord-bot' });
    // The Slack-only bot passes it along every minute, beyond the 5 attempts a failing job gets,
    // without using them up.
    for (let minute = 0; minute < 30; minute += 1) {
      clock.set(new Date(Date.parse('2026-11-18T15:00:00Z') + minute * 60_000).toISOString());
      expect(await slackOnly.runOnce()).toMatchObject({ retried: 0, dead: 0, handedOff: 1 });
    }
    clock.set('2026-11-18T15:30:00Z');
    await discordToo.runOnce();
    expect(discord.deliveries.map((d) => d.text.split('\n')[0])).toEqual(['⏰ Reminder: call Jane — due 10:00']);
  });


  it('one assignee cannot mute the SLA warnings everyone gets; a manager can', async () => {
    const { marcus, at, urgent, clock } = await setup('2026-11-18T15:00:00Z');
    await marcus.say('warn the assignee when a ticket SLA is about to breach');
    const ann = await slackChat(t.db, clock, { slackUser: 'U0ANN', name: 'Ann Lee', role: 'support' });
    const ticket = await urgent('Scanner offline');
    const annUser = await t.db.selectFrom('users').selectAll().where('id', '=', ann.userId).executeTakeFirstOrThrow();
    await inTransaction(t.db, (tx) => updateTicket(ctxFor(tx as never, annUser, clock.t), { number: ticket.number, assigneeId: ann.userId }));
    const [warning] = await at('2026-11-18T18:01:00Z');
    expect(warning!.target.userId).toBe(ann.userId);
    expect(ann.text(await ann.click(warning!.reply, 'Mute this rule'))).toContain('only a manager or an admin can mute it');
    expect(await t.db.selectFrom('automations').select('muted_at').where('muted_at', 'is not', null).execute()).toEqual([]);
    expect(marcus.text(await marcus.click(warning!.reply, 'Mute this rule'))).toMatch(/Muted rule #\d+/);
  });
  it('a channel linked in Slack is kept by id, so “here” and “#support” are the same channel for quiet hours', async () => {
    const { marcus, at, urgent, clock } = await setup('2026-11-18T15:00:00Z');
    const inSupport = await slackChat(t.db, clock, { channelId: 'C0SUPPORT' });
    await inSupport.say('notify here about urgent tickets');
    // Typed in another channel; Slack sends the link as <#C0SUPPORT|support>.
    expect(marcus.text(await marcus.sayInSlack('quiet hours in <#C0SUPPORT|support> 09:00-17:00'))).toContain('#support');
    expect(await t.db.selectFrom('quiet_hours').select('channel_id').execute()).toEqual([{ channel_id: 'C0SUPPORT' }]);
    await urgent('Printer on fire'); // 10:00 New York: inside the quiet hours
    expect(await at('2026-11-18T15:01:00Z')).toEqual([]);
    const after = await at('2026-11-18T22:00:00Z'); // 17:00 New York
    expect(after.map((d) => d.channel?.channelId)).toEqual(['C0SUPPORT']);
  });
});
