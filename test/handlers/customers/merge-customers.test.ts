import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf } from '../../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';
import { snapshot } from '../../crm/customers/snapshot.js';

const t = useTestDatabase();

const exists = async (name: string) => (await t.db.selectFrom('customers').select('id').where('name', '=', name).execute()).length > 0;

describe('finding and merging duplicate customers in chat', () => {
  it('merges after a confirmation that shows what moves, audits it, and Undo puts everything back', async () => {
    await seedDemo(t.db, { now: TEST_NOW });
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager' });
    const before = await snapshot(t.db);

    const preview = await chat.say('merge Acme Industries into Acme Corp');
    const shown = chat.text(preview);
    expect(shown).toContain('Merge Acme Industries into Acme Corp?');
    expect(shown).toMatch(/Contacts\s+1\n/);
    expect(shown).toContain('move to Acme Corp; Acme Industries is then removed.');
    expect(await exists('Acme Industries')).toBe(true);

    const merged = await chat.click(preview, 'Merge');
    expect(chat.text(merged)).toMatch(/^✓ Merged Acme Industries into Acme Corp: 1 contact, \d+ activities, .* moved over\./);
    expect(await exists('Acme Industries')).toBe(false);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'customer.merge').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: chat.userId, entity: 'customer' });
    expect((audit.before as { source: { name: string } }).source.name).toBe('Acme Industries');
    // "them" now means the merged customer.
    expect(chat.text(await chat.say('who are they?'))).toMatch(/^Acme Corp\n/);

    expect(chat.text(await chat.click(merged, 'Undo'))).toBe('✓ Unmerged: Acme Industries is back as a customer of its own, with its records; Acme Corp is as it was.');
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('lists likely duplicates with a Merge button per pair', async () => {
    await seedDemo(t.db, { now: TEST_NOW });
    await t.db.insertInto('customers').values({ name: 'ACME Corporation', kind: 'company' }).execute();
    const chat = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager' });

    const list = await chat.say('any duplicate customers?');
    const text = chat.text(list);
    expect(text).toContain('Likely duplicate customers');
    expect(text).toMatch(/medium \(0\.70\): Acme Corp \(#\d+, acme\.example\) and ACME Corporation \(#\d+\)/);
    expect(text).toContain('same name apart from the legal suffix');
    // The demo's phone numbers repeat (555-01xx): a shared number with different websites is weak.
    const initech = chat.text(await chat.say('duplicates of Initech'));
    expect(initech).toContain('Likely duplicate customers among customers like “Initech”');
    expect(initech).toMatch(/low \(0\.45\): Initech \(#\d+, initech\.example\) and .*\n  same phone number \+\d+; different websites/);
    expect(chat.text(await chat.say('duplicates of Zzyzx Unknown'))).toBe('✓ I found no likely duplicate customers among customers like “Zzyzx Unknown”.');

    const preview = await chat.click(list, 'Merge ACME Corporation into Acme Corp');
    expect(chat.text(preview)).toContain('Merge ACME Corporation into Acme Corp?');
    expect(chat.text(await chat.click(preview, 'Merge'))).toContain('Merged ACME Corporation into Acme Corp: no records moved over.');
    expect(await exists('ACME Corporation')).toBe(false);
  });

  it('asks which one when a name is ambiguous, and refuses sales staff who do not own both', async () => {
    await seedDemo(t.db, { now: TEST_NOW });
    const manager = await chatAs(t.db, { user: 'Marcus Reed', role: 'manager' });
    const which = await manager.say('merge Acme with Contoso');
    expect(manager.text(which)).toContain('Which “Acme” do you mean?');
    const preview = await manager.click(which, /^Acme Industries/);
    expect(manager.text(preview)).toContain('Merge Acme Industries into Contoso?');
    expect(manager.text(await manager.click(preview, 'Cancel'))).toBe('Cancelled: nothing was changed.');
    expect(await exists('Acme Industries')).toBe(true);

    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales' });
    const refused = await sarah.say('merge Acme Industries into Acme Corp');
    expect(sarah.text(refused)).toContain('Only a manager (or the owner of both) can merge Acme Industries into Acme Corp.');
    expect(actionsOf(refused)).toEqual([]);
    // A forged button gets the same answer from the merge itself.
    const [source, target] = await Promise.all(['Acme Industries', 'Acme Corp'].map(async (n) => (await t.db.selectFrom('customers').select('id').where('name', '=', n).executeTakeFirstOrThrow()).id));
    const forged = await sarah.send({ kind: 'action', ref: { verb: 'customer.merge', value: `${source}>${target}`, forUserId: sarah.userId } });
    expect(sarah.text(forged!)).toContain('Only a manager (or the owner of both)');
    expect(await exists('Acme Industries')).toBe(true);

    // Sarah owns both Contoso and Acme Corp.
    const own = await sarah.say('merge Contoso into Acme Corp');
    expect(sarah.text(await sarah.click(own, 'Merge'))).toContain('Merged Contoso into Acme Corp');
  });
});
