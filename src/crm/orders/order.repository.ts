import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { MoneyString } from '../money.js';
import type { NewOrder, NewOrderLine, Order, OrderLine } from './order.table.js';

export interface LinePrice {
  /** numeric(14,4): 100 for 3 → "33.3333". */
  unit_price: string;
  /** numeric(14,2): the line's total, what the customer pays. */
  total: MoneyString;
}

/**
 * Prices a line in SQL numeric so no float touches money. With a total, the unit price is
 * total ÷ quantity (4 decimals) and the total stays exactly as stated; without one, the total is
 * quantity × unit price rounded to cents. The casts to the column types make an oversize value
 * fail here, before anything is written.
 */
export async function priceLine(
  db: DbOrTx,
  input: { quantity: number; total: MoneyString } | { quantity: number; unitPrice: MoneyString },
): Promise<LinePrice> {
  const quantity = sql`${input.quantity}::integer`;
  const query =
    'total' in input
      ? sql<LinePrice>`select round(${input.total}::numeric / ${quantity}, 4)::numeric(14, 4)::text as unit_price,
          ${input.total}::numeric(14, 2)::text as total`
      : sql<LinePrice>`select ${input.unitPrice}::numeric(14, 4)::text as unit_price,
          round(${input.unitPrice}::numeric * ${quantity}, 2)::numeric(14, 2)::text as total`;
  const { rows } = await query.execute(db);
  return rows[0]!;
}

export async function insertOrder(db: DbOrTx, values: NewOrder): Promise<Order> {
  return db.insertInto('orders').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertOrderLine(db: DbOrTx, values: NewOrderLine): Promise<OrderLine> {
  return db.insertInto('order_lines').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findOrder(db: DbOrTx, id: number): Promise<{ order: Order; lines: OrderLine[] } | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!order) return undefined;
  const lines = await db.selectFrom('order_lines').selectAll().where('order_id', '=', id).orderBy('id').execute();
  return { order, lines };
}

/** Deletes an order; its lines cascade. */
export async function deleteOrderRow(db: DbOrTx, id: number): Promise<boolean> {
  const result = await db.deleteFrom('orders').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface RevenueTotal {
  currency: string;
  /** Exact sum of order totals, e.g. "0.30". */
  total: MoneyString;
  orders: number;
}

/** Everything a customer has ordered, one row per currency (amounts never mix currencies), largest first. */
export async function lifetimeRevenueOf(db: DbOrTx, customerId: number): Promise<RevenueTotal[]> {
  const rows = await db
    .selectFrom('orders')
    .where('customer_id', '=', customerId)
    .select((eb) => [
      'currency',
      sql<string>`sum(total)::numeric(16, 2)::text`.as('total'),
      eb.fn.countAll<number>().as('orders'),
    ])
    .groupBy('currency')
    .orderBy(sql`sum(total)`, 'desc')
    .orderBy('currency')
    .execute();
  return rows.map((r) => ({ ...r, orders: Number(r.orders) }));
}

export async function findCustomerName(db: DbOrTx, customerId: number): Promise<string | undefined> {
  const row = await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
  return row?.name;
}
