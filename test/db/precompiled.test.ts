import { describe, expect, it } from 'vitest';
import { QueryRecorder } from '../../bench/query-recorder.js';
import { precompiled } from '../../src/db/precompiled.js';
import { inTransaction } from '../../src/db/transaction.js';
import { useTestDatabase } from '../support/test-db.js';
import { insertCustomer } from '../crm/tickets/crm-fixtures.js';

const t = useTestDatabase();

describe('precompiled statements', () => {
  // Named values bound in an order unlike the object's, next to values Kysely binds itself.
  const customersLike = precompiled<{ limit: number; pattern: string; minId: number }, { id: number; name: string }>((db, param) =>
    db
      .selectFrom('customers')
      .select(['id', 'name'])
      .where('id', '>=', param('minId'))
      .where('name', 'ilike', param('pattern'))
      .where('name', '<>', 'Never this one')
      .orderBy('name')
      .limit(param('limit')),
  );

  it('sends each call’s own values to the right places and returns the rows', async () => {
    for (const name of ['Acme Corp', 'Acme Labs', 'Never this one', 'Initech']) await insertCustomer(t.db, name);

    const acme = await customersLike.execute(t.db, { pattern: 'acme%', limit: 5, minId: 0 });
    expect(acme.map((r) => r.name)).toEqual(['Acme Corp', 'Acme Labs']);
    expect((await customersLike.execute(t.db, { pattern: '%', limit: 5, minId: 0 })).map((r) => r.name)).toEqual(['Acme Corp', 'Acme Labs', 'Initech']);
    expect((await customersLike.execute(t.db, { pattern: '%', limit: 1, minId: 0 })).map((r) => r.name)).toEqual(['Acme Corp']);
    expect(await customersLike.execute(t.db, { pattern: 'never%', limit: 5, minId: 0 })).toEqual([]);
    const labs = acme[1]!;
    expect((await customersLike.execute(t.db, { pattern: 'acme%', limit: 5, minId: labs.id })).map((r) => r.name)).toEqual(['Acme Labs']);
  });

  it('is built afresh on a database with plugins, so they see it (the bench records statements this way)', async () => {
    await insertCustomer(t.db, 'Acme Corp');
    expect(await customersLike.execute(t.db, { pattern: 'acme%', limit: 5, minId: 0 })).toHaveLength(1);
    const recorder = new QueryRecorder();
    const recording = t.db.withPlugin(recorder);
    recorder.start();
    const rows = await customersLike.execute(recording, { pattern: 'acme%', limit: 5, minId: 0 });
    const [seen, ...more] = recorder.stop(t.db);
    expect(rows.map((r) => r.name)).toEqual(['Acme Corp']);
    expect(more).toEqual([]);
    expect(seen?.sql).toMatch(/from "customers"/);
    expect(seen?.parameters).toEqual([0, 'acme%', 'Never this one', 5]);
  });

  it('runs inside a transaction, and a write rolled back leaves nothing', async () => {
    const rename = precompiled<{ id: number; name: string }, { name: string }>((db, param) =>
      db.updateTable('customers').set({ name: param('name') }).where('id', '=', param('id')).returning('name'),
    );
    const acme = await insertCustomer(t.db, 'Acme Corp');
    await expect(
      inTransaction(t.db, async (tx) => {
        expect(await rename.execute(tx, { id: acme.id, name: 'Renamed' })).toEqual([{ name: 'Renamed' }]);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const stored = await t.db.selectFrom('customers').select('name').where('id', '=', acme.id).executeTakeFirstOrThrow();
    expect(stored.name).toBe('Acme Corp');
  });
});
