import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import { findOrder } from '../../../src/crm/orders/order.repository.js';
import { customerLifetimeRevenue, recordOrder, undoRecordOrder } from '../../../src/crm/orders/order.service.js';
import { createProduct, findProductByName } from '../../../src/crm/orders/product.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { contextFor, insertCustomer, insertUser } from '../tickets/crm-fixtures.js';

const t = useTestDatabase();

async function setup() {
  const ann = await insertUser(t.db, 'Ann', 'sales');
  const acme = await insertCustomer(t.db, 'Acme');
  return { ann, acme, ctx: contextFor(t.db, ann) };
}

const count = async (table: 'orders' | 'order_lines' | 'products') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('products', () => {
  it('finds a product by name in any case, then by a close spelling', async () => {
    const { ctx } = await setup();
    const pro = await createProduct(ctx, { name: 'Pro plan', unitPrice: '199.99' });
    await createProduct(ctx, { name: 'Support hours', unitPrice: 150 });
    expect((await findProductByName(t.db, 'PRO PLAN'))?.id).toBe(pro.id);
    expect((await findProductByName(t.db, 'pro plans'))?.id).toBe(pro.id);
    expect(await findProductByName(t.db, 'Consulting')).toBeUndefined();
    await expect(createProduct(ctx, { name: 'pro Plan' })).rejects.toSatisfy((e) => isAppError(e, 'conflict'));
  });

  it('asks which product when two are about as close', async () => {
    const { ctx } = await setup();
    await createProduct(ctx, { name: 'Pro plan monthly' });
    await createProduct(ctx, { name: 'Pro plan yearly' });
    await expect(findProductByName(t.db, 'pro plan')).rejects.toSatisfy((e) => isAppError(e, 'ambiguous'));
  });
});

describe('orders', () => {
  it('splits a stated total over the quantity exactly: 3 for $100 → unit 33.3333, total 100.00', async () => {
    const { ctx, acme } = await setup();
    const result = await recordOrder(ctx, { customerId: acme.id, productName: 'Widget', quantity: 3, amount: 100 });
    expect(result.order.total).toBe('100.00');
    expect(result.line).toMatchObject({ quantity: 3, unit_price: '33.3333', total: '100.00' });
    expect(result).toMatchObject({ productCreated: true, product: { name: 'Widget', unit_price: null } });
  });

  it('multiplies a quantity by the list price exactly: 20 × 199.99 = 3999.80', async () => {
    const { ctx, acme } = await setup();
    await createProduct(ctx, { name: 'Pro plan', unitPrice: '199.99' });
    const result = await recordOrder(ctx, { customerId: acme.id, productName: 'pro plan', quantity: 20 });
    expect(result.order).toMatchObject({ total: '3999.80', currency: 'USD' });
    expect(result.line).toMatchObject({ quantity: 20, unit_price: '199.9900', total: '3999.80' });
    expect(result.productCreated).toBe(false);
  });

  it('records a bare amount as one unit', async () => {
    const { ctx, acme } = await setup();
    const result = await recordOrder(ctx, { customerId: acme.id, amount: '4,000' });
    expect(result.line).toMatchObject({ quantity: 1, unit_price: '4000.0000', total: '4000.00', product_id: null });
  });

  it('asks for the total when neither an amount nor a list price gives one, and writes nothing', async () => {
    const { ctx, acme } = await setup();
    await expect(recordOrder(ctx, { customerId: acme.id, productName: 'Gizmo', quantity: 5 })).rejects.toThrow(
      /Gizmo has no list price, so I need the order's total/,
    );
    await expect(recordOrder(ctx, { customerId: acme.id })).rejects.toSatisfy((e) => isAppError(e, 'invalid'));
    expect(await count('products')).toBe(0);
    expect(await count('orders')).toBe(0);
  });

  it('refuses a currency other than the product’s', async () => {
    const { ctx, acme } = await setup();
    await createProduct(ctx, { name: 'Pro plan', unitPrice: '199.99', currency: 'EUR' });
    await expect(recordOrder(ctx, { customerId: acme.id, productName: 'Pro plan', quantity: 2, currency: 'usd' })).rejects.toThrow(
      'Pro plan is sold in EUR, not USD.',
    );
    const inEuro = await recordOrder(ctx, { customerId: acme.id, productName: 'Pro plan', quantity: 2 });
    expect(inEuro.order).toMatchObject({ currency: 'EUR', total: '399.98' });
  });

  it('writes the order and its line together or not at all', async () => {
    const { ctx, acme } = await setup();
    // Force the line insert to fail after the order insert succeeded.
    await sql`alter table order_lines add constraint test_no_big_lines check (quantity < 1000)`.execute(t.db);
    try {
      await expect(recordOrder(ctx, { customerId: acme.id, productName: 'Widget', quantity: 5000, amount: 100 })).rejects.toThrow(
        /test_no_big_lines/,
      );
    } finally {
      await sql`alter table order_lines drop constraint test_no_big_lines`.execute(t.db);
    }
    expect(await count('orders')).toBe(0);
    expect(await count('order_lines')).toBe(0);
    expect(await count('products')).toBe(0);
  });

  it('sums lifetime revenue exactly, never through floats: 0.10 + 0.20 = 0.30', async () => {
    const { ctx, acme } = await setup();
    expect(await customerLifetimeRevenue(ctx, acme.id)).toEqual([]);
    await recordOrder(ctx, { customerId: acme.id, amount: 0.1 });
    await recordOrder(ctx, { customerId: acme.id, amount: '0.20' });
    await recordOrder(ctx, { customerId: acme.id, amount: 5, currency: 'EUR' });
    expect(await customerLifetimeRevenue(ctx, acme.id)).toEqual([
      { currency: 'EUR', total: '5.00', orders: 1 },
      { currency: 'USD', total: '0.30', orders: 2 },
    ]);
  });

  it('undo removes the order, its line and the product it created', async () => {
    const { ctx, acme } = await setup();
    const kept = await recordOrder(ctx, { customerId: acme.id, productName: 'Widget', amount: 10 });
    const result = await recordOrder(ctx, { customerId: acme.id, productName: 'Gadget', quantity: 2, amount: 10 });
    expect(await undoRecordOrder(t.db, { orderId: result.order.id, createdProductId: result.product!.id })).toBe(true);
    expect(await findOrder(t.db, result.order.id)).toBeUndefined();
    expect(await findProductByName(t.db, 'Gadget')).toBeUndefined();
    expect((await findOrder(t.db, kept.order.id))?.lines).toHaveLength(1);
  });

  it('refuses an unknown customer, a fractional quantity and an oversize unit price', async () => {
    const { ctx, acme } = await setup();
    await expect(recordOrder(ctx, { customerId: 999, amount: 1 })).rejects.toSatisfy((e) => isAppError(e, 'not_found'));
    await expect(recordOrder(ctx, { customerId: acme.id, quantity: 1.5, amount: 1 })).rejects.toSatisfy((e) => isAppError(e, 'invalid'));
    await expect(recordOrder(ctx, { customerId: acme.id, amount: '99999999999' })).rejects.toThrow(/too large/);
  });
});
