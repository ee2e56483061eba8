/**
 * The database fails at every step of a write command, before a query reaches it and after it
 * ran there with its answer lost. Whatever the step, the user is told plainly that nothing was
 * changed and nothing is half-written, or (when the failure comes after the commit) the
 * confirmation is true: the row is there. The next message works once the database is back.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { seedDemo } from '../../src/seed/index.js';
import { chatAs, TEST_NOW, type ChatDriver } from '../support/chat.js';
import { useTestDatabase } from '../support/test-db.js';
import { faultyDb, type FaultyDb } from './support/faulty-db.js';
import { changedTables, rowCounts } from './support/row-counts.js';

const t = useTestDatabase({ truncateEachTest: false });
let faulty: FaultyDb;
let chat: ChatDriver;

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW, scale: 0.1 });
  faulty = faultyDb(t.db);
  const dispatcher = createDispatcher({ db: faulty.db, logger: silentLogger, understanding: createUnderstanding({}), now: () => TEST_NOW });
  chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', dispatcher });
  // The user and their identity exist from here on, so a failed command has nothing legitimate to add.
  await chat.say('help');
});

const count = async (query: string, like: string) => Number((await sql<{ n: number }>`${sql.raw(query)} like ${like}`.execute(t.db)).rows[0]!.n);

interface WriteCommand {
  name: string;
  say: (tag: string) => string;
  confirmed: RegExp;
  /** Rows holding the tag: 1 after a real commit, 0 otherwise. */
  rows: (tag: string) => Promise<number>;
}

const COMMANDS: WriteCommand[] = [
  {
    name: 'open a ticket',
    say: (tag) => `open a ticket for Acme Corp: badge reader ${tag}`,
    confirmed: /Opened ticket #\d+/,
    rows: (tag) => count('select count(*)::int4 as n from tickets where subject', `badge reader ${tag}%`),
  },
  {
    name: 'log a call',
    say: (tag) => `log a call with Acme Corp about pricing ${tag}`,
    confirmed: /Logged a call/,
    rows: (tag) => count('select count(*)::int4 as n from activities where summary', `%pricing ${tag}%`),
  },
  {
    name: 'create a reminder',
    say: (tag) => `remind me tomorrow to call Acme Corp about ${tag}`,
    confirmed: /I’ll remind you/,
    rows: (tag) => count('select count(*)::int4 as n from reminders where text', `%${tag}%`),
  },
  {
    name: 'create a deal',
    say: (tag) => `new deal: Acme Corp ${tag} $5k`,
    confirmed: /Created deal #\d+/,
    rows: (tag) => count('select count(*)::int4 as n from deals where title', `%${tag}%`),
  },
];

let tags = 0;
const nextTag = () => `zq${++tags}x`;

/** How many queries the command runs when nothing fails. */
async function queriesOf(command: WriteCommand): Promise<number> {
  faulty.reset();
  const tag = nextTag();
  const r = await chat.say(command.say(tag));
  expect(chat.text(r)).toMatch(command.confirmed);
  expect(await command.rows(tag)).toBe(1);
  return faulty.count;
}

describe.each(COMMANDS)('when the database fails while the bot is asked to $name', (command) => {
  it.each(['before', 'after'] as const)('at any query (%s it runs), the reply is true and nothing is half-written', async (when) => {
    const total = await queriesOf(command);
    expect(total).toBeGreaterThan(3);
    let refused = 0;
    for (let n = 1; n <= total; n++) {
      const tag = nextTag();
      const before = await rowCounts(t.db);
      faulty.failAt(n, when);
      const out = chat.text(await chat.say(command.say(tag)));
      faulty.reset();
      const rows = await command.rows(tag);
      if (command.confirmed.test(out)) {
        // Only a failure after the commit (saving the conversation memory) may still confirm.
        expect(rows, `query ${n}: confirmed without a row`).toBe(1);
      } else {
        refused++;
        expect(out, `query ${n}`).toMatch(/couldn’t reach the database, so nothing was saved and nothing was changed/);
        expect(rows, `query ${n}: refused but a row is there`).toBe(0);
        expect(changedTables(before, await rowCounts(t.db), ['conversation_state']), `query ${n}`).toEqual({});
      }
    }
    expect(refused).toBeGreaterThan(0);
    // The database is back: the very next message works.
    const tag = nextTag();
    expect(chat.text(await chat.say(command.say(tag)))).toMatch(command.confirmed);
    expect(await command.rows(tag)).toBe(1);
  });
});

describe('a fault that is not a lost connection', () => {
  it('gets a short apology saying nothing was changed, not the error text', async () => {
    const total = await queriesOf(COMMANDS[0]!);
    const tag = nextTag();
    faulty.failAt(total - 2, 'after', () => Object.assign(new Error('deadlock detected on relation 16400 of database 5'), { code: '40P01' }));
    const out = chat.text(await chat.say(COMMANDS[0]!.say(tag)));
    faulty.reset();
    expect(out).toMatch(/something went wrong on my side and nothing was changed/);
    expect(out).not.toMatch(/deadlock|relation|16400/);
    expect(await COMMANDS[0]!.rows(tag)).toBe(0);
  });
});

describe('Undo while the database fails', () => {
  it('keeps the ticket, says nothing was changed, and works when clicked again', async () => {
    faulty.reset();
    const tag = nextTag();
    const card = await chat.say(COMMANDS[0]!.say(tag));
    expect(await COMMANDS[0]!.rows(tag)).toBe(1);
    for (let n = 1; n <= 12; n++) {
      faulty.failAt(n, 'after');
      const out = chat.text(await chat.click(card, 'Undo'));
      faulty.reset();
      if (!/nothing was (saved|changed)/.test(out)) {
        // The click ran completely before query n: that is the last step of this loop.
        expect(out).toMatch(/[Dd]eleted|[Rr]emoved|[Uu]ndone|[Uu]ndid/);
        expect(await COMMANDS[0]!.rows(tag)).toBe(0);
        return;
      }
      expect(await COMMANDS[0]!.rows(tag), `query ${n}`).toBe(1);
      const undone = await t.db.selectFrom('audit_log').select('id').where('undone_at', 'is not', null).execute();
      expect(undone, `query ${n}`).toEqual([]);
    }
    expect(chat.text(await chat.click(card, 'Undo'))).toMatch(/[Dd]eleted|[Rr]emoved|[Uu]ndone|[Uu]ndid/);
    expect(await COMMANDS[0]!.rows(tag)).toBe(0);
  });
});
