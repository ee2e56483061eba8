import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf } from '../../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
});

describe('looking up a customer', () => {
  it('asks which Acme, then shows the picked card with its contacts', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup One' });
    const ask = await chat.say('who is acme');
    expect(chat.text(ask)).toMatch(/Which “acme” do you mean\?/);
    const labels = actionsOf(ask).map((a) => (a.kind === 'button' ? a.label : ''));
    expect(labels.some((l) => l.startsWith('Acme Corp'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Acme Industries'))).toBe(true);

    const card = chat.text(await chat.click(ask, /^Acme Corp/));
    expect(card).toMatch(/^Acme Corp\n/);
    expect(card).toContain('Jane Cooper');
    expect(card).toContain('Head of Operations');
    expect(card).toContain('jane@acme.example');
    expect(card).toMatch(/Owner\s+Sarah Chen/);
    expect(card).toMatch(/Lifecycle\s+\w+/);
    expect(card).toMatch(/Lifetime revenue\s+(\$[\d,]+\.\d\d|no orders yet)/);
  });

  it('forgives a typo: “initeck” finds Initech', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup Two' });
    const out = chat.text(await chat.say('who is initeck'));
    expect(out).toMatch(/^Initech\n/);
    expect(out).toContain('Bill Lumbergh');
  });

  it('finds the customer from a contact’s email address', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup Three' });
    const out = chat.text(await chat.say('look up bill@initech.example'));
    expect(out).toMatch(/^Initech\n/);
  });

  it('shows the last three activities with their author and date in the user’s zone', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup Four', timeZone: 'Europe/Berlin' });
    const reply = await chat.say('who is Northwind Traders');
    const recent = reply.blocks.findIndex((b) => b.type === 'text' && b.text === 'Recent activity');
    const items = reply.blocks[recent + 1];
    expect(items?.type).toBe('list');
    if (items?.type !== 'list') return;
    expect(items.items.length).toBeLessThanOrEqual(3);
    for (const item of items.items) expect(item).toMatch(/^(Call|Meeting|Email|Note), \w{3} \d{1,2} \w{3} 20\d\d/);
  });

  it('says when nothing matches and offers to add the customer', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup Five' });
    const out = chat.text(await chat.say('who is Zorblax Quantum'));
    expect(out).toContain('I couldn’t find a customer matching “Zorblax Quantum”');
    expect(out).toContain('add customer Zorblax Quantum');
  });

  it('remembers the customer it showed, so “log a call with them” logs against it', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup Six' });
    await chat.say('who is initech');
    const logged = chat.text(await chat.say('log a call with them'));
    expect(logged).toContain('Logged a call with Initech');
    const rows = await t.db
      .selectFrom('activities')
      .innerJoin('customers', 'customers.id', 'activities.customer_id')
      .select(['customers.name', 'activities.kind'])
      .where('activities.author_id', '=', chat.userId)
      .execute();
    expect(rows).toEqual([{ name: 'Initech', kind: 'call' }]);
  });

  it('the exact name in any case and spacing shows the card at once and remembers it', async () => {
    const chat = await chatAs(t.db, { user: 'Lookup Seven' });
    const out = chat.text(await chat.say('who is   INITECH'));
    expect(out).toMatch(/^Initech\n/);
    expect(out).toContain('Bill Lumbergh');
    expect(chat.text(await chat.say('log a note for them: asked about renewals'))).toContain('Initech');
  });

  it('two customers with exactly the same name: asks which one instead of picking either', async () => {
    await t.db.insertInto('customers').values([{ name: 'Twin Peaks Ltd', industry: 'Logging' }, { name: 'Twin Peaks Ltd', industry: 'Hospitality' }]).execute();
    const chat = await chatAs(t.db, { user: 'Lookup Eight' });
    const ask = await chat.say('who is Twin Peaks Ltd');
    expect(chat.text(ask)).toMatch(/Which “Twin Peaks Ltd” do you mean\?/);
    expect(actionsOf(ask).filter((a) => a.kind === 'button' && a.label.startsWith('Twin Peaks Ltd'))).toHaveLength(2);
  });
});
