/**
 * Every entry of the hostile corpus goes in through every way text reaches Rapport (typed
 * messages, form submissions, lookups) and comes back out through every renderer. For each:
 * a clear reply (never a fault), nothing written beyond the one row asked for, the tables intact
 * and SQL stored verbatim (parameters, not string building), and what Slack and Discord would
 * receive pings nobody and stays inside their limits.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/app/envelope.js';
import { renderDiscord } from '../../adapters/discord/render-discord.js';
import { renderBlockKit } from '../../adapters/slack/render-block-kit.js';
import { seedDemo } from '../../src/seed/index.js';
import type { Reply } from '../../src/reply/reply.js';
import { chatAs, TEST_NOW, type ChatDriver } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { rowCounts, type RowCounts } from '../faults/support/row-counts.js';
import { HOSTILE_CORPUS } from './corpus.js';
import { expectSafeDiscord, expectSafeSlack } from './render-checks.js';

const t = useTestDatabase({ truncateEachTest: false });
let chat: ChatDriver;
let tablesBefore: string[];

const listTables = async () =>
  (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(t.db)).rows.map((r) => r.name);

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW, scale: 0.1 });
  chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales' });
  await chat.say('help');
  tablesBefore = await listTables();
});

const TYPED: Array<(v: string) => string> = [
  (v) => v,
  (v) => `add customer ${v}`,
  (v) => `open a ticket for Acme Corp: ${v}`,
  (v) => `log a call with Acme Corp about ${v}`,
  (v) => `lookup ${v}`,
  (v) => `who is ${v}?`,
  (v) => `remind me tomorrow to ${v}`,
  (v) => `note on Acme Corp: ${v}`,
];

const FORMS = (v: string): Array<Extract<Envelope['input'], { kind: 'intent' }>['intent']> => [
  { intent: 'create_customer', slots: { name: v } },
  { intent: 'create_ticket', slots: { subject: v, priority: 'normal', description: v, customer: 'Acme Corp' } },
  { intent: 'log_activity', slots: { kind: 'note', customer: 'Acme Corp', summary: v } },
  { intent: 'lookup_customer', slots: { query: v } },
];

/** At most this many new rows per table for one corpus entry: one per command that may write it. */
const MAY_ADD: Partial<Record<keyof RowCounts, number>> = {
  customers: 2, tickets: 2, activities: 4, reminders: 1, audit_log: 9, processed_events: 20, conversation_state: 1,
};

/** A clear answer: rendered safely everywhere, and never the apology for a fault. */
function expectClearReply(r: Reply | null, what: string): Reply {
  expect(r, `${what}: no reply`).not.toBeNull();
  expect(chat.text(r!), what).not.toMatch(/something went wrong|couldn’t reach the database/);
  expect(r!.blocks.length, what).toBeGreaterThan(0);
  expectSafeSlack(r!);
  expectSafeDiscord(r!);
  return r!;
}

describe('SQL in names and subjects', () => {
  it.each(HOSTILE_CORPUS.filter((e) => e.category === 'sql'))('is stored verbatim and found again: $label', async ({ value }) => {
    const name = `${value} Ltd`;
    const added = expectClearReply(await chat.send({ kind: 'intent', intent: { intent: 'create_customer', slots: { name } } }), 'create_customer');
    expect(chat.text(added)).toMatch(/Added .* as a new customer/);
    const rows = await t.db.selectFrom('customers').select('name').where('name', '=', name).execute();
    expect(rows).toEqual([{ name }]);
    const found = chat.text(expectClearReply(await chat.send({ kind: 'intent', intent: { intent: 'lookup_customer', slots: { query: name } } }), 'lookup'));
    expect(found).toContain(name.replace(/\s+/g, ' ').trim());
  });
});

describe.each(HOSTILE_CORPUS)('hostile $category input: $label', ({ value }) => {
  it('gets clear, safely rendered replies and writes only what was asked', async () => {
    const before = await rowCounts(t.db);
    for (const template of TYPED) expectClearReply(await chat.send({ kind: 'message', text: template(value) }), template('…'));
    const replies: Reply[] = [];
    for (const intent of FORMS(value)) replies.push(expectClearReply(await chat.send({ kind: 'intent', intent }), intent.intent));

    // What was stored is shown back safely too: the customer card with its notes and tickets.
    expectClearReply(await chat.send({ kind: 'message', text: 'lookup Acme Corp' }), 'lookup Acme Corp');
    const ticket = /ticket #(\d+)/.exec(chat.text(replies[1]!));
    if (ticket) expectClearReply(await chat.send({ kind: 'message', text: `show ticket #${ticket[1]}` }), 'show ticket');
    expectClearReply(await chat.send({ kind: 'message', text: 'my tickets' }), 'my tickets');

    const after = await rowCounts(t.db);
    for (const table of Object.keys(before) as Array<keyof RowCounts>) {
      expect(after[table] - before[table], table).toBeGreaterThanOrEqual(0);
      expect(after[table] - before[table], table).toBeLessThanOrEqual(MAY_ADD[table] ?? 0);
    }
    expect(await listTables()).toEqual(tablesBefore);
  });
});

describe('mentions stored in the CRM', () => {
  it('reach Slack escaped (&lt;!channel&gt;) and Discord with pings disabled', async () => {
    await chat.send({ kind: 'intent', intent: { intent: 'log_activity', slots: { kind: 'note', customer: 'Initech', summary: 'ping <!channel> and <@U012ABC> and @everyone' } } });
    const card = await chat.say('lookup Initech');
    expectSafeSlack(card);
    expectSafeDiscord(card);
    const slack = JSON.stringify(renderBlockKit(card));
    expect(chat.text(card)).toContain('ping <!channel> and <@U012ABC>');
    expect(slack).toContain('&lt;!channel&gt;');
    expect(slack).toContain('&lt;@U012ABC&gt;');
    expect(slack).not.toContain('<!channel>');
    const discord = renderDiscord(card);
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(discord)).not.toMatch(/@everyone/);
  });
});
