/**
 * Real Postgres going away under a running bot: the server unreachable (a TCP proxy cut between
 * the bot and Postgres), its connections terminated by an admin, and a connection killed in the
 * middle of a command's transaction. The user is told nothing was saved, no row is left behind
 * (checked with a direct query, not through the bot), and the bot recovers on its own.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { createLogger, silentLogger } from '../../src/app/logger.js';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { seedDemo } from '../../src/seed/index.js';
import { chatAs, TEST_NOW, type ChatDriver } from '../support/chat.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { eventually } from './support/eventually.js';
import { changedTables, rowCounts } from './support/row-counts.js';

const server = postgresServerUrl();

describe.skipIf(!server)('a bot on real Postgres when the database goes away', () => {
  const t = useTestDatabase({ truncateEachTest: false });
  let proxy: TcpProxy;
  let bot: OpenDatabase;
  let admin: pg.Client;
  let chat: ChatDriver;
  let databaseName: string;
  /** Set by a test: runs right after an insert into this table reached the server. */
  let afterInsertInto: { table: string; run: () => Promise<void> } | undefined;

  const killSwitch: KyselyPlugin = {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      if (afterInsertInto && node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === afterInsertInto.table) pendingKills.add(queryId);
      return node;
    },
    async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (pendingKills.has(queryId) && afterInsertInto) {
        const { run } = afterInsertInto;
        afterInsertInto = undefined;
        await run();
      }
      return result;
    },
  };
  const pendingKills = new WeakSet<object>();

  beforeAll(async () => {
    await seedDemo(t.db, { now: TEST_NOW, scale: 0.1 });
    const target = t.handle.target;
    if (target.kind !== 'postgres') throw new Error('expected Postgres');
    const url = new URL(target.url);
    databaseName = url.pathname.slice(1);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    bot = await openDatabase({ kind: 'postgres', url: url.toString() });
    admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const dispatcher = createDispatcher({ db: bot.db.withPlugin(killSwitch), logger: process.env.FAULT_LOG ? createLogger('error') : silentLogger, understanding: createUnderstanding({}), now: () => TEST_NOW });
    chat = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', dispatcher });
    expect(chat.text(await chat.say('help'))).toMatch(/What I can do/);
  });

  afterAll(async () => {
    await bot?.close();
    await proxy?.close();
    await admin?.end();
  });

  /** Terminates every connection to the test database except the admin's and the test's own (direct) one. */
  async function terminateBotConnections(): Promise<number> {
    const { rows } = await admin.query<{ n: number }>(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid() and client_port = any($2::int[])`,
      [databaseName, await proxyClientPorts()],
    );
    return rows[0]!.n;
  }

  /** The server-side view of the proxy's upstream sockets: those are the bot's connections. */
  async function proxyClientPorts(): Promise<number[]> {
    const { rows } = await admin.query<{ port: number; app: string }>(`select client_port as port from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [databaseName]);
    const direct = await t.db.selectNoFrom((eb) => eb.fn<number>('inet_client_port').as('port')).executeTakeFirstOrThrow();
    return rows.map((r) => r.port).filter((p) => p !== direct.port);
  }

  /** Counts the warnings the bot's pool raises as it notices each lost connection. */
  function lostConnectionWarnings() {
    const seen = { count: 0, stop: () => void process.off('warning', onWarning) };
    const onWarning = (w: Error) => {
      if (w.message.startsWith('Postgres connection lost')) seen.count++;
    };
    process.on('warning', onWarning);
    return seen;
  }

  const tickets = async (subject: string) => (await t.db.selectFrom('tickets').select('id').where('subject', '=', subject).execute()).length;

  it('says it could not reach the database, saves nothing, and works again once Postgres is back', async () => {
    const before = await rowCounts(t.db);
    await proxy.cut();
    const down = chat.text(await chat.say('open a ticket for Acme Corp: scanner offline'));
    expect(down).toMatch(/couldn’t reach the database, so nothing was saved and nothing was changed/);
    expect(await tickets('scanner offline')).toBe(0);
    expect(changedTables(before, await rowCounts(t.db))).toEqual({});

    await proxy.restore();
    expect(chat.text(await chat.say('open a ticket for Acme Corp: scanner offline'))).toMatch(/Opened ticket #\d+ for Acme Corp: scanner offline/);
    expect(await tickets('scanner offline')).toBe(1);
  });

  it('recovers by itself when an admin terminates its connections between messages', async () => {
    expect(chat.text(await chat.say('lookup Acme Corp'))).toMatch(/Acme Corp/);
    const lost = lostConnectionWarnings();
    const open = proxy.clientSockets();
    const killed = await terminateBotConnections();
    expect(killed).toBeGreaterThan(0);
    // A message racing the kill may land on a dying connection: never a false confirmation.
    const first = chat.text(await chat.say('open a ticket for Acme Corp: door sensor loose'));
    if (/Opened ticket/.test(first)) expect(await tickets('door sensor loose')).toBe(1);
    else {
      expect(first).toMatch(/couldn’t reach the database, so nothing was saved and nothing was changed/);
      expect(await tickets('door sensor loose')).toBe(0);
    }
    // Once the killed connections are closed and the bot has had a moment to notice (as it has
    // long before a person types again), the next message works.
    await eventually(() => open.every((s) => s.destroyed));
    await eventually(() => lost.count > 0);
    lost.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chat.text(await chat.say('open a ticket for Acme Corp: door sensor rattles'))).toMatch(/Opened ticket #\d+/);
    expect(await tickets('door sensor rattles')).toBe(1);
  });

  it('rolls back a command whose connection is terminated mid-transaction, and the next message works', async () => {
    const before = await rowCounts(t.db);
    afterInsertInto = { table: 'tickets', run: async () => void (await terminateBotConnections()) };
    const out = chat.text(await chat.say('open a ticket for Acme Corp: fan grinding'));
    expect(afterInsertInto).toBeUndefined();
    expect(out).toMatch(/couldn’t reach the database, so nothing was saved and nothing was changed/);
    expect(await tickets('fan grinding')).toBe(0);
    expect(changedTables(before, await rowCounts(t.db), ['conversation_state'])).toEqual({});

    expect(chat.text(await chat.say('open a ticket for Acme Corp: fan grinding'))).toMatch(/Opened ticket #\d+ for Acme Corp: fan grinding/);
    expect(await tickets('fan grinding')).toBe(1);
  });

  it('rolls back when the server vanishes mid-transaction (the proxy cut under it)', async () => {
    const before = await rowCounts(t.db);
    afterInsertInto = { table: 'tickets', run: () => proxy.cut() };
    const out = chat.text(await chat.say('open a ticket for Acme Corp: toner smudges'));
    expect(out).toMatch(/couldn’t reach the database, so nothing was saved and nothing was changed/);
    await proxy.restore();
    expect(await tickets('toner smudges')).toBe(0);
    expect(changedTables(before, await rowCounts(t.db), ['conversation_state'])).toEqual({});
    expect(chat.text(await chat.say('open a ticket for Acme Corp: toner smudges'))).toMatch(/Opened ticket #\d+/);
    expect(await tickets('toner smudges')).toBe(1);
  });
});
