import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { preparedStatementsEnabled } from '../../src/db/connect.js';
import { StatementNames } from '../../src/db/prepared-statements.js';
import type { Database } from '../../src/db/database.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';

const SELECT = 'select * from customers where id = $1';

describe('statement names', () => {
  it('names a text on its second use, and keeps that name', () => {
    const names = new StatementNames();
    expect(names.nameFor(SELECT, 1)).toBeUndefined();
    const name = names.nameFor(SELECT, 1);
    expect(name).toMatch(/^rapport_\d+$/);
    expect(names.nameFor(SELECT, 1)).toBe(name);
    expect(names.nameFor('select * from users where id = $1', 1)).toBeUndefined();
  });

  it('never names statements without parameters, with many, or long ones', () => {
    const names = new StatementNames({ maxNamed: 10, maxTextLength: 100, maxParameters: 3, maxSeen: 10 });
    const long = `select $1::text || '${'x'.repeat(120)}'`;
    for (let i = 0; i < 3; i++) {
      expect(names.nameFor('begin', 0)).toBeUndefined();
      expect(names.nameFor('insert into t values ($1, $2, $3, $4)', 4)).toBeUndefined();
      expect(names.nameFor(long, 1)).toBeUndefined();
    }
    expect(names.size).toBe(0);
  });

  it('names at most maxNamed texts, and forgets the once-seen ones when that set is full', () => {
    const names = new StatementNames({ maxNamed: 2, maxTextLength: 1000, maxParameters: 10, maxSeen: 2 });
    const text = (i: number) => `select $1::int + ${i}`;
    for (const i of [1, 1, 2, 2, 3, 3]) names.nameFor(text(i), 1);
    expect(names.size).toBe(2);
    expect(names.nameFor(text(3), 1)).toBeUndefined();
    // The once-seen set starts over when full: a text seen before that and once after is not yet named.
    const fresh = new StatementNames({ maxNamed: 10, maxTextLength: 1000, maxParameters: 10, maxSeen: 2 });
    for (const i of [1, 2, 3, 1]) fresh.nameFor(text(i), 1);
    expect(fresh.size).toBe(0);
  });

  it('a forgotten text earns a new name, never its old one', () => {
    const names = new StatementNames();
    names.nameFor(SELECT, 1);
    const first = names.nameFor(SELECT, 1);
    names.forget(SELECT);
    expect(names.nameFor(SELECT, 1)).toBeUndefined();
    const second = names.nameFor(SELECT, 1);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it('DATABASE_PREPARE=off turns them off', () => {
    expect(preparedStatementsEnabled({})).toBe(true);
    expect(preparedStatementsEnabled({ DATABASE_PREPARE: 'off' })).toBe(false);
    expect(preparedStatementsEnabled({ DATABASE_PREPARE: 'false' })).toBe(false);
    expect(preparedStatementsEnabled({ DATABASE_PREPARE: 'on' })).toBe(true);
  });
});

describe.skipIf(!postgresServerUrl())('on a real Postgres (skipped on PGlite, which has one in-process session; set TEST_DATABASE_URL)', () => {
  const t = useTestDatabase();
  const prepared = (conn: Kysely<Database>) =>
    sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements where name like 'rapport%'`.execute(conn).then((r) => r.rows);

  it('a statement sent again is prepared once on its connection and answers with each call’s values', async () => {
    await t.db.insertInto('customers').values([{ name: 'Acme Corp' }, { name: 'Initech' }, { name: 'Globex' }]).execute();
    await t.db.connection().execute(async (conn) => {
      const names: string[] = [];
      for (const name of ['Acme Corp', 'Initech', 'Globex', 'Nobody']) {
        const row = await conn.selectFrom('customers').select('name').where('name', '=', name).executeTakeFirst();
        names.push(row?.name ?? '-');
      }
      expect(names).toEqual(['Acme Corp', 'Initech', 'Globex', '-']);
      const statements = (await prepared(conn)).filter((s) => s.statement.includes('from "customers"'));
      expect(statements).toHaveLength(1);
    });
  });

  it('a column added while the bot runs: the next read sees it, and a write in a transaction fails once, then works', async () => {
    await t.db.insertInto('customers').values({ name: 'Acme Corp' }).execute();
    await t.db.connection().execute(async (conn) => {
      const read = () => sql<Record<string, unknown>>`select * from customers where name = ${'Acme Corp'}`.execute(conn).then((r) => r.rows[0]!);
      await read();
      await read();
      expect((await prepared(conn)).filter((s) => s.statement.startsWith('select * from customers'))).toHaveLength(1);
      await sql`alter table customers add column test_extra text default 'new'`.execute(t.db);
      try {
        // Outside a transaction the stale statement is sent again unnamed: the caller never notices.
        expect(await read()).toMatchObject({ name: 'Acme Corp', test_extra: 'new' });
        // Used twice more, it is prepared again under a new name, with the new columns.
        await read();
        expect(await read()).toMatchObject({ test_extra: 'new' });
        await sql`alter table customers add column test_more text`.execute(t.db);
        // Inside a transaction the error stands and the write rolls back; the next try works.
        await expect(conn.transaction().execute(async (tx) => {
          await tx.insertInto('customers').values({ name: 'Hooli' }).execute();
          return sql`select * from customers where name = ${'Acme Corp'}`.execute(tx);
        })).rejects.toThrow(/cached plan must not change result type/);
        expect(await t.db.selectFrom('customers').select('name').where('name', '=', 'Hooli').execute()).toEqual([]);
        expect(await read()).toMatchObject({ name: 'Acme Corp', test_extra: 'new', test_more: null });
      } finally {
        await sql`alter table customers drop column if exists test_extra, drop column if exists test_more`.execute(t.db);
      }
    });
  });
});
