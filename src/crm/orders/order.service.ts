import { invalid, notFound } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { CrmContext } from '../context.js';
import { toMoney, type MoneyString } from '../money.js';
import {
  deleteOrderRow,
  findCustomerName,
  insertOrder,
  insertOrderLine,
  lifetimeRevenueOf,
  priceLine,
  type LinePrice,
  type RevenueTotal,
} from './order.repository.js';
import type { Order, OrderLine, Product } from './order.table.js';
import { deleteUnusedProduct, insertProductIfAbsent } from './product.repository.js';
import { findProductByName, normaliseCurrency } from './product.service.js';

export interface RecordOrderInput {
  customerId: number;
  productName?: string;
  quantity?: number;
  /** The order's total as stated ("for $4,000"), not a unit price. */
  amount?: MoneyString | number;
  currency?: string;
}

export interface RecordedOrder {
  order: Order;
  line: OrderLine;
  product: Product | null;
  /** True when this order created the product: Undo removes it again. */
  productCreated: boolean;
  customerName: string;
}

const MAX_QUANTITY = 2_147_483_647;

export async function recordOrder(ctx: CrmContext, input: RecordOrderInput): Promise<RecordedOrder> {
  const quantity = input.quantity;
  if (quantity !== undefined && (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)) {
    throw invalid(`"${quantity}" is not a quantity I can record: use a whole number of at least 1.`);
  }
  const amount = input.amount === undefined ? undefined : toMoney(input.amount);
  const statedCurrency = normaliseCurrency(input.currency);
  const productName = input.productName?.trim() || undefined;
  if (productName && productName.length > 200) throw invalid('That product name is too long (200 characters at most).');

  return inTransaction(ctx.db, async (tx) => {
    const customerName = await findCustomerName(tx, input.customerId);
    if (customerName === undefined) throw notFound(`There is no customer #${input.customerId}.`);

    let product: Product | null = null;
    let productCreated = false;
    if (productName) {
      product = (await findProductByName(tx, productName)) ?? null;
      if (!product) {
        // A product first heard of in an order has no list price yet: one sale's price may be a discount.
        ({ product, created: productCreated } = await insertProductIfAbsent(tx, {
          name: productName,
          currency: statedCurrency ?? 'USD',
          created_at: ctx.now(),
        }));
      }
    }
    if (product && statedCurrency && statedCurrency !== product.currency) {
      throw invalid(
        `${product.name} is sold in ${product.currency}, not ${statedCurrency}. Record the order in ${product.currency}, or use a product priced in ${statedCurrency}.`,
      );
    }
    const currency = statedCurrency ?? product?.currency ?? 'USD';
    const { quantity: lineQuantity, price } = await priceOrder(tx, { quantity, amount, product, customerName });

    const now = ctx.now();
    const order = await insertOrder(tx, {
      customer_id: input.customerId,
      ordered_at: now,
      total: price.total,
      currency,
      created_by: ctx.actor.id,
      created_at: now,
    });
    const line = await insertOrderLine(tx, {
      order_id: order.id,
      product_id: product?.id ?? null,
      quantity: lineQuantity,
      unit_price: price.unit_price,
      total: price.total,
    });
    return { order, line, product, productCreated, customerName };
  });
}

async function priceOrder(
  db: DbOrTx,
  args: { quantity: number | undefined; amount: MoneyString | undefined; product: Product | null; customerName: string },
): Promise<{ quantity: number; price: LinePrice }> {
  const { quantity, amount, product, customerName } = args;
  try {
    if (amount !== undefined) {
      const q = quantity ?? 1;
      return { quantity: q, price: await priceLine(db, { quantity: q, total: amount }) };
    }
    if (quantity !== undefined && product?.unit_price != null) {
      return { quantity, price: await priceLine(db, { quantity, unitPrice: product.unit_price }) };
    }
  } catch (error) {
    if (isNumericOverflow(error)) throw invalid('That order is too large to record: a unit price can be at most 9,999,999,999.9999.');
    throw error;
  }
  const example = `"${customerName} ordered ${quantity ?? 20} ${product?.name ?? 'licenses'} for $4,000"`;
  if (quantity !== undefined && product) {
    throw invalid(`${product.name} has no list price, so I need the order's total, e.g. ${example}.`);
  }
  throw invalid(`How much was the order? Tell me the total, or a quantity of a product with a list price, e.g. ${example}.`);
}

function isNumericOverflow(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '22003';
}

/** Undo of recordOrder: the order and its lines go, and the product too when the order created it. */
export async function undoRecordOrder(db: DbOrTx, input: { orderId: number; createdProductId?: number | null }): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const deleted = await deleteOrderRow(tx, input.orderId);
    if (input.createdProductId != null) await deleteUnusedProduct(tx, input.createdProductId);
    return deleted;
  });
}

/** A customer's lifetime revenue, exact, one total per currency (largest first); empty when none. */
export async function customerLifetimeRevenue(ctx: CrmContext, customerId: number): Promise<RevenueTotal[]> {
  if ((await findCustomerName(ctx.db, customerId)) === undefined) throw notFound(`There is no customer #${customerId}.`);
  return lifetimeRevenueOf(ctx.db, customerId);
}
