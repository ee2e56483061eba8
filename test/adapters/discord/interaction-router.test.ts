import type { APIInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandToText } from '../../../adapters/discord/commands.js';
import type { InteractionWebhook } from '../../../adapters/discord/discord-rest.js';
import { routeInteraction } from '../../../adapters/discord/interaction-router.js';
import type { Dispatcher } from '../../../src/app/dispatcher.js';
import type { Envelope } from '../../../src/app/envelope.js';
import { silentLogger } from '../../../src/app/logger.js';
import { parseMessage } from '../../../src/intents/parse.js';
import { privateReply, reply, text, type Reply } from '../../../src/reply/reply.js';
import { TEST_NOW } from '../../support/chat.js';
import { buttonClick, GUILD_ID, modalSubmit, slashCommand, USER } from './discord-fixtures.js';

const parse = (t: string) => parseMessage(t, { now: TEST_NOW, tz: 'America/New_York' }).intent;

describe('slash commands become sentences the parser reads as intended', () => {
  it.each([
    ['lookup', undefined, { customer: 'Acme Corp' }, { intent: 'lookup_customer', slots: { query: 'Acme Corp' } }],
    ['log', undefined, { kind: 'call', customer: 'Acme', summary: 'renewal', follow_up: 'next Tuesday' }, { intent: 'log_activity', slots: { kind: 'call', customer: 'Acme', summary: 'renewal', follow_up: '2026-11-24' } }],
    ['log', undefined, { kind: 'meeting', customer: 'Acme', contact: 'Jane' }, { intent: 'log_activity', slots: { kind: 'meeting', customer: 'Acme', contact: 'Jane' } }],
    ['log', undefined, { kind: 'email', customer: 'Acme' }, { intent: 'log_activity', slots: { kind: 'email', customer: 'Acme' } }],
    ['ticket', 'open', { subject: 'SSO fails', customer: 'Acme', priority: 'high' }, { intent: 'create_ticket', slots: { subject: 'SSO fails', customer: 'Acme', priority: 'high' } }],
    ['ticket', 'open', { subject: 'Printer broken', priority: 'urgent' }, { intent: 'create_ticket', slots: { subject: 'Printer broken', priority: 'urgent' } }],
    ['ticket', 'show', { number: 42 }, { intent: 'show_ticket', slots: { ticket: 42 } }],
    ['ticket', 'close', { number: 42 }, { intent: 'update_ticket', slots: { ticket: 42, status: 'closed' } }],
    ['ticket', 'assign', { number: 7 }, { intent: 'update_ticket', slots: { ticket: 7, assignee: 'me' } }],
    ['ticket', 'list', { status: 'pending', customer: 'Acme' }, { intent: 'list_tickets', slots: { scope: 'customer', customer: 'Acme', status: 'pending' } }],
    ['ticket', 'list', {}, { intent: 'list_tickets', slots: { scope: 'mine', status: 'open' } }],
    ['deal', 'new', { customer: 'Acme', title: 'renewal', amount: 50000, currency: 'eur', stage: 'proposal', close: '2026-12-31' }, { intent: 'create_deal', slots: { customer: 'Acme', title: 'renewal', amount: 50000, currency: 'EUR', stage: 'proposal', close_date: '2026-12-31' } }],
    ['deal', 'update', { deal: 'Acme', stage: 'negotiation', amount: 60000 }, { intent: 'update_deal', slots: { deal: 'Acme', stage: 'negotiation', amount: 60000 } }],
    ['deal', 'update', { deal: '12', close: '2026-12-31' }, { intent: 'update_deal', slots: { deal: 12, close_date: '2026-12-31' } }],
    ['report', undefined, { kind: 'revenue', period: 'this month' }, { intent: 'report', slots: { report: 'revenue', period: { start: '2026-11-01', end: '2026-11-30' } } }],
    ['report', undefined, { kind: 'top_customers', limit: 5 }, { intent: 'report', slots: { report: 'top_customers', limit: 5, period: { start: '2026-01-01', end: '2026-12-31' } } }],
    ['report', undefined, { kind: 'pipeline' }, { intent: 'report', slots: { report: 'pipeline' } }],
    ['remind', undefined, { what: 'send the contract', when: 'tomorrow', customer: 'Acme' }, { intent: 'create_reminder', slots: { text: 'send the contract for Acme', due: '2026-11-19', customer: 'Acme' } }],
  ] as const)('/%s %s %j', (name, sub, args, expected) => {
    const sentence = commandToText(name, sub, args);
    expect(sentence).not.toBeNull();
    expect(parse(sentence!)).toEqual(expected);
  });

  it('passes /crm text through untouched and refuses unknown names, including prototype keys', () => {
    expect(commandToText('crm', undefined, { text: 'who is Acme?' })).toBe('who is Acme?');
    expect(commandToText('report', undefined, { kind: 'constructor' })).toBeNull();
    expect(commandToText('dance', undefined, {})).toBeNull();
  });
});

/** Records what the router sends through the interaction webhook. */
function recorder() {
  const calls: Array<[string, unknown?]> = [];
  const webhook: InteractionWebhook = {
    editOriginal: async (m) => void calls.push(['edit', m]),
    deleteOriginal: async () => void calls.push(['delete']),
    followUp: async (m) => void calls.push(['followUp', m]),
  };
  return { calls, webhook };
}

function dispatcherReplying(...replies: Array<Reply | null>) {
  const seen: Envelope[] = [];
  const dispatcher: Dispatcher = { dispatch: async (e) => (seen.push(e), replies.shift() ?? null) };
  return { seen, deps: { dispatcher, db: undefined as never, logger: silentLogger } };
}

const raw = (x: unknown) => x as APIInteraction;

describe('routeInteraction', () => {
  it('resolves the public placeholder before sending a private answer as an ephemeral follow-up', async () => {
    const { deps, seen } = dispatcherReplying(privateReply(text('Only for you')));
    const payload = slashCommand('crm', [{ name: 'text', type: 3, value: 'delete Acme' }]);
    const plan = await routeInteraction(raw(payload), deps);
    expect(plan.response).toEqual({ type: 5 });
    const { calls, webhook } = recorder();
    await plan.followUp!(webhook);
    expect(calls).toEqual([
      ['edit', { content: '🔒 Only you can see my answer.', embeds: [], components: [], allowed_mentions: { parse: [] } }],
      ['followUp', { content: 'Only for you', embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 }],
      ['delete'],
    ]);
    expect(seen[0]).toMatchObject({ platform: 'discord', workspaceId: GUILD_ID, userId: USER.id, userName: 'Jane Cooper', isDirect: false, input: { kind: 'message', text: 'delete Acme' } });
    expect(seen[0]!.eventId).toBe(payload.id);
  });

  it('uses the interaction id as the event id and DMs as their own workspace', async () => {
    const { deps, seen } = dispatcherReplying(reply(text('ok')));
    const dm = { ...slashCommand('crm', [{ name: 'text', type: 3, value: 'help' }]), guild_id: undefined, member: undefined, user: USER };
    const plan = await routeInteraction(raw(dm), deps);
    await plan.followUp!(recorder().webhook);
    expect(seen[0]).toMatchObject({ eventId: dm.id, workspaceId: 'dm', isDirect: true, userId: USER.id });
  });

  it('puts the chosen select option into the action value', async () => {
    const { deps, seen } = dispatcherReplying(reply(text('Snoozed')));
    const plan = await routeInteraction(raw(buttonClick('reminder.snooze:3:', undefined, ['1d'])), deps);
    expect(plan.response).toEqual({ type: 6 });
    const { calls, webhook } = recorder();
    await plan.followUp!(webhook);
    expect(seen[0]!.input).toEqual({ kind: 'action', ref: { verb: 'reminder.snooze', value: '1d', forUserId: 3 } });
    expect(calls.map((c) => c[0])).toEqual(['edit']);
  });

  it('answers a forged custom_id at once without dispatching', async () => {
    const { deps, seen } = dispatcherReplying();
    const plan = await routeInteraction(raw(buttonClick('DROP TABLE customers')), deps);
    expect(plan).toEqual({ response: { type: 4, data: { content: '⚠️ I could not read that button. Please ask again.', flags: 64, allowed_mentions: { parse: [] } } } });
    expect(seen).toEqual([]);
  });

  it('opens a modal for Edit and runs the corrected request in place of the card', async () => {
    const { deps, seen } = dispatcherReplying(reply(text('Nothing was changed.')), reply(text('Logged')));
    const open = await routeInteraction(raw(buttonClick('edit:3:log_activity')), deps);
    expect(open.response).toMatchObject({ type: 9, data: { custom_id: 'edit:3:log_activity', components: [{ type: 1, components: [{ type: 4, custom_id: 'text' }] }] } });
    expect(seen).toEqual([]);

    const submit = modalSubmit('edit:3:log_activity', 'log a call with Acme');
    const plan = await routeInteraction(raw(submit), deps);
    expect(plan.response).toEqual({ type: 6 });
    const { calls, webhook } = recorder();
    await plan.followUp!(webhook);
    expect(seen.map((e) => [e.eventId, e.input])).toEqual([
      [`${submit.id}:edit`, { kind: 'action', ref: { verb: 'edit', value: 'log_activity', forUserId: 3 } }],
      [submit.id, { kind: 'message', text: 'log a call with Acme' }],
    ]);
    expect(calls).toEqual([['edit', { content: 'Logged', embeds: [], components: [], allowed_mentions: { parse: [] } }]]);
  });

  it('stops at the refusal when someone else submits the Edit form', async () => {
    const refusal = privateReply(text('That button belongs to someone else’s request, so I left it alone.', 'warning'));
    const { deps, seen } = dispatcherReplying(refusal);
    const plan = await routeInteraction(raw(modalSubmit('edit:3:log_activity', 'delete everything')), deps);
    const { calls, webhook } = recorder();
    await plan.followUp!(webhook);
    expect(seen).toHaveLength(1);
    expect(calls.map((c) => c[0])).toEqual(['followUp']);
  });
});
