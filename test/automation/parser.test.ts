import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/intents/parse.js';

const parse = (text: string) => parseMessage(text, { now: new Date('2026-11-18T15:00:00Z'), tz: 'America/New_York' }).intent;

describe('automation phrasings', () => {
  it.each([
    ['post the pipeline digest to #sales every Monday at 9am', { intent: 'schedule_digest', slots: { report: 'pipeline', channel: '#sales', frequency: 'weekly', weekday: 1, time: '09:00' } }],
    ['daily ticket summary here at 8:30', { intent: 'schedule_digest', slots: { report: 'tickets', channel: 'here', frequency: 'daily', time: '08:30' } }],
    ['send the revenue report to #leadership every Friday at 4:30pm', { intent: 'schedule_digest', slots: { report: 'revenue', channel: '#leadership', frequency: 'weekly', weekday: 5, time: '16:30' } }],
    ['ticket summary on weekdays at 8am in #support', { intent: 'schedule_digest', slots: { report: 'tickets', channel: '#support', frequency: 'weekdays', time: '08:00' } }],
    ['weekday revenue digest here at 7:45', { intent: 'schedule_digest', slots: { report: 'revenue', channel: 'here', frequency: 'weekdays', time: '07:45' } }],
    ['what digests are scheduled?', { intent: 'list_automations', slots: {} }],
    ['cancel the pipeline digest', { intent: 'cancel_automation', slots: { target: 'pipeline digest' } }],
    ['notify #support about urgent tickets', { intent: 'create_rule', slots: { event: 'urgent_ticket', channel: '#support' } }],
    ['tell #sales when a deal is won', { intent: 'create_rule', slots: { event: 'deal_won', channel: '#sales' } }],
    ['warn the assignee when a ticket SLA is about to breach', { intent: 'create_rule', slots: { event: 'sla_breach' } }],
    ['quiet hours in #support 20:00-08:00', { intent: 'set_quiet_hours', slots: { channel: '#support', start: '20:00', end: '08:00' } }],
    ['quiet hours here from 9pm to 7am', { intent: 'set_quiet_hours', slots: { channel: 'here', start: '21:00', end: '07:00' } }],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([
    ['pipeline report', 'report'],
    ['ticket report this week', 'report'],
    ['urgent ticket for Fabrikam - checkout is down', 'create_ticket'],
    ['remind me to send the weekly summary to Acme on Monday', 'create_reminder'],
    ['my reminders', 'list_reminders'],
    ['weekday revenue last month', 'report'],
  ])('leaves “%s” to its own rule', (text, intent) => {
    expect(parse(text).intent).toBe(intent);
  });
});
