import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/seed/index.js';
import { actionsOf } from '../../../src/reply/reply.js';
import { chatAs, TEST_NOW } from '../../support/chat.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

beforeAll(async () => {
  await seedDemo(t.db, { now: TEST_NOW });
}, 120_000);

const customerId = async (name: string) =>
  (await t.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const dealRow = (id: number) => t.db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const historyOf = (id: number) => t.db.selectFrom('deal_stage_history').selectAll().where('deal_id', '=', id).orderBy('id').execute();

describe('deals', () => {
  it('creates “new deal: Contoso expansion $75k closing Dec 20” with the exact amount and date, and Undo removes it', async () => {
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', channelId: 'new-deal' });
    const r = await sarah.say('new deal: Contoso expansion $75k closing Dec 20');
    const out = sarah.text(r);
    expect(out).toMatch(/Created deal #\d+ Contoso expansion for Contoso\./);
    expect(out).toMatch(/Amount\s+\$75,000\.00/);
    expect(out).toMatch(/Close date\s+Sun 20 Dec 2026 \(2026-12-20\)/);
    expect(out).toMatch(/Stage\s+lead/);

    const id = Number(/#(\d+)/.exec(out)![1]);
    const deal = await dealRow(id);
    expect(deal).toMatchObject({ amount: '75000.00', currency: 'USD', close_date: '2026-12-20', stage: 'lead', owner_id: sarah.userId, customer_id: await customerId('Contoso') });
    expect(await historyOf(id)).toMatchObject([{ from_stage: null, to_stage: 'lead' }]);

    expect(sarah.text(await sarah.click(r, 'Undo'))).toContain(`Removed deal #${id} Contoso expansion.`);
    expect(await t.db.selectFrom('deals').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('moves “the Fabrikam deal to negotiation” with a stage history row, and Undo puts it back exactly', async () => {
    const emma = await chatAs(t.db, { user: 'Emma Fischer', role: 'sales', channelId: 'move' });
    const [open] = await t.db
      .selectFrom('deals')
      .selectAll()
      .where('customer_id', '=', await customerId('Fabrikam'))
      .where('stage', 'not in', ['won', 'lost'])
      .execute();
    const before = await dealRow(open!.id);
    const historyBefore = await historyOf(before.id);

    const r = await emma.say('move the Fabrikam deal to negotiation');
    expect(emma.text(r)).toContain(`Updated deal #${before.id} ${before.title} (Fabrikam):`);
    expect(emma.text(r)).toContain(`stage ${before.stage} → negotiation`);
    const history = await historyOf(before.id);
    expect(history).toHaveLength(historyBefore.length + 1);
    expect(history.at(-1)).toMatchObject({ from_stage: before.stage, to_stage: 'negotiation', changed_by: emma.userId });

    expect(emma.text(await emma.click(r, 'Undo'))).toContain(`Deal #${before.id} ${before.title} is back to ${before.stage}`);
    expect(await dealRow(before.id)).toEqual(before);
    expect(await historyOf(before.id)).toEqual(historyBefore);
  });

  it('asks which deal when the customer has several open ones, and updates the one picked', async () => {
    // The wall clock, not TEST_NOW: the dispatcher ages a pending pick by the real time
    // (loadMemory is called without the dispatcher's clock), so a 2026 test clock can look stale.
    const david = await chatAs(t.db, { user: 'David Okafor', role: 'sales', channelId: 'pick', now: new Date() });
    const open = await t.db
      .selectFrom('deals')
      .select(['id', 'stage', 'amount'])
      .where('customer_id', '=', await customerId('Initech'))
      .where('stage', 'not in', ['won', 'lost'])
      .orderBy('id')
      .execute();
    expect(open.length).toBeGreaterThan(1);

    const question = await david.say('set the Initech deal amount to $60k');
    expect(david.text(question)).toMatch(/Initech has \d+ open deals\. Which one do you mean\?/);
    const picks = actionsOf(question).filter((a) => a.kind === 'button' && a.ref.verb === 'pick');
    expect(picks.map((a) => a.ref.value)).toEqual(open.slice(0, 5).map((d) => `dealId=${d.id}`));

    const target = open[1]!;
    const done = await david.click(question, new RegExp(`^#${target.id} `));
    expect(david.text(done)).toContain(`amount $${Number(target.amount).toLocaleString('en-US', { minimumFractionDigits: 2 })} → $60,000.00`);
    expect((await dealRow(target.id)).amount).toBe('60000.00');
    expect((await dealRow(open[0]!.id)).amount).toBe(open[0]!.amount);
  });

  it('asks for the customer first when the name is ambiguous, then for the deal, and keeps both picks', async () => {
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', channelId: 'pick-twice', now: new Date() });
    const created = sarah.text(await sarah.say('new deal: Acme Corp pilot $5k'));
    const pilot = Number(/#(\d+)/.exec(created)![1]);

    const which = await sarah.say('move the Acme deal to negotiation');
    expect(sarah.text(which)).toContain('Which “Acme” do you mean?');
    const deals = await sarah.click(which, /^Acme Corp/);
    expect(sarah.text(deals)).toMatch(/Acme Corp has \d+ open deals\. Which one do you mean\?/);
    const done = await sarah.click(deals, new RegExp(`^#${pilot} `));
    expect(sarah.text(done)).toContain(`Updated deal #${pilot} Acme Corp pilot (Acme Corp):`);
    expect(sarah.text(done)).toContain('stage lead → negotiation');
    expect((await dealRow(pilot)).stage).toBe('negotiation');
  });

  it('notes a won deal', async () => {
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', channelId: 'won' });
    const created = sarah.text(await sarah.say('new deal: Litware analytics $12k'));
    const id = Number(/#(\d+)/.exec(created)![1]);
    const out = sarah.text(await sarah.say(`deal ${id} is won`));
    expect(out).toContain('stage lead → won');
    expect(out).toContain('Won: $12,000.00 leaves the open pipeline');
    expect((await dealRow(id)).closed_at).toEqual(TEST_NOW);
  });

  it('refuses to let support create deals, and writes nothing', async () => {
    const tom = await chatAs(t.db, { user: 'Tom Alvarez', role: 'support', channelId: 'support-deal' });
    const count = async () => Number((await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const r = await tom.say('new deal: Contoso upsell $5k');
    expect(r.private).toBe(true);
    expect(tom.text(r)).toContain('Deals and orders are handled by the sales team');
    expect(await count()).toBe(before);
  });
});

describe('orders', () => {
  it('records “Acme Corp ordered 3 licenses of Pro plan for $100” with a total of exactly 100.00, and Undo removes it', async () => {
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', channelId: 'order' });
    const r = await sarah.say('Acme Corp ordered 3 licenses of Pro plan for $100');
    const out = sarah.text(r);
    expect(out).toContain('Recorded an order for Acme Corp: 3 × Pro Plan, $100.00 (unit $33.33)');
    expect(out).not.toContain('new product');

    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'order.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const orderId = (audit.after as { orderId: number }).orderId;
    expect(audit.after).toEqual({ orderId, createdProductId: null });
    const order = await t.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ total: '100.00', currency: 'USD', customer_id: await customerId('Acme Corp') });
    const [line] = await t.db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).execute();
    expect(line).toMatchObject({ quantity: 3, total: '100.00' });

    expect(sarah.text(await sarah.click(r, 'Undo'))).toContain('Removed the order for Acme Corp ($100.00).');
    expect(await t.db.selectFrom('orders').select('id').where('id', '=', orderId).executeTakeFirst()).toBeUndefined();
  });

  it('notes a product it had to create, and its Undo removes the product too', async () => {
    const sarah = await chatAs(t.db, { user: 'Sarah Chen', role: 'sales', channelId: 'new-product' });
    const r = await sarah.say('Initech ordered 20 licenses of Quantum Widget for $4,000');
    const out = sarah.text(r);
    expect(out).toContain('Recorded an order for Initech: 20 × Quantum Widget, $4,000.00 (unit $200.00)');
    expect(out).toContain('a new product was created');
    const product = await t.db.selectFrom('products').select('id').where('name', '=', 'Quantum Widget').executeTakeFirstOrThrow();

    expect(sarah.text(await sarah.click(r, 'Undo'))).toContain('and the product Quantum Widget it had created');
    expect(await t.db.selectFrom('products').select('id').where('id', '=', product.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses to let support record orders', async () => {
    const lena = await chatAs(t.db, { user: 'Lena Hoffmann', role: 'support', channelId: 'support-order' });
    expect(lena.text(await lena.say('Acme Corp ordered 3 licenses of Pro plan for $100'))).toContain('handled by the sales team');
  });
});
