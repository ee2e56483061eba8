import { sql } from 'kysely';
import { cleanName } from '../crm/validation.js';
import { allocateIds, array, chunks, insertRows } from './batch-sql.js';
import { cell } from './columns.js';
import { refProblem, resolveCustomerRefs, type CustomerRef } from './customer-matching.js';
import { RowCheck, type ImportContext, type ImportPlan } from './import-context.js';
import { parseAmount, parseCurrency, parseDate, parseQuantity, regionDecimalMark, sniffDayOrder, sniffDecimalMark } from './values.js';

interface OrderDraft {
  line: number;
  customerId: number;
  product?: string;
  quantity: number;
  total: string;
  currency: string;
  orderedAt: string;
}

/** The CRM rows a "Customer" column names, resolved for the whole file in a few queries. */
export async function customerRefsOf(ctx: ImportContext): Promise<Map<string, CustomerRef>> {
  return resolveCustomerRefs(ctx.db, ctx.table.rows.map((r) => cell(ctx.mapping, r.cells, 'customer')));
}

/** All values of a column, for learning its date order or decimal mark. */
export const columnValues = (ctx: ImportContext, field: 'date' | 'amount'): string[] =>
  ctx.table.rows.map((r) => cell(ctx.mapping, r.cells, field)).filter(Boolean);

/** Resolves the row's customer cell, recording why not when it cannot. */
export function rowCustomer(check: RowCheck, refs: Map<string, CustomerRef>): number | undefined {
  const ref = check.cell('customer');
  if (!ref) return check.fail('the customer is empty');
  const resolved = refs.get(ref);
  const problem = refProblem(ref, resolved);
  if (problem) return check.fail(problem);
  return (resolved as { id: number }).id;
}

/**
 * Orders attach to customers that already exist (a typo in a customer name must not create a
 * new customer with revenue); each row becomes one order with one line. Unknown products are
 * added to the catalogue without a price.
 */
export async function planOrders(ctx: ImportContext): Promise<ImportPlan> {
  const refs = await customerRefsOf(ctx);
  const dayOrder = sniffDayOrder(columnValues(ctx, 'date'));
  const mark = sniffDecimalMark(columnValues(ctx, 'amount')) ?? regionDecimalMark(ctx.region);
  const drafts: OrderDraft[] = [];
  let assumedUsd = 0;
  for (const row of ctx.table.rows) {
    const check = new RowCheck(ctx, row);
    const customerId = rowCustomer(check, refs);
    const amountCell = check.cell('amount');
    const amount = amountCell ? parseAmount(amountCell, mark) : { ok: false as const, reason: 'the amount is empty' };
    if (!amount.ok) check.fail(amount.reason);
    const date = check.cell('date') ? parseDate(check.cell('date'), dayOrder) : { ok: false as const, reason: 'the date is empty' };
    if (!date.ok) check.fail(date.reason);
    const quantity = parseQuantity(check.cell('quantity'));
    if (!quantity.ok) check.fail(quantity.reason);
    const column = check.cell('currency') ? parseCurrency(check.cell('currency')) : undefined;
    if (column && !column.ok) check.fail(column.reason);
    const written = amount.ok ? amount.value.currency : undefined;
    // A bare "$" is also CAD, AUD, NZD…: the currency column decides; "€" next to "USD" is a contradiction.
    const bareDollar = /(^|[^A-Za-z])\$/.test(amountCell) && written === 'USD';
    if (column?.ok && written && column.value !== written && !bareDollar) check.fail(`the amount says ${written} but the currency column says ${column.value}`);
    const product = check.optional('product', (v) => cleanName(v, 'product name'));
    if (!check.done() || !amount.ok || !date.ok || !quantity.ok || customerId === undefined) continue;
    const currency = (column?.ok ? column.value : undefined) ?? written;
    if (!currency) assumedUsd++;
    drafts.push({ line: row.line, customerId, product, quantity: quantity.value, total: amount.value.amount, currency: currency ?? 'USD', orderedAt: date.value });
  }
  if (assumedUsd) ctx.report.warnings.push(`${assumedUsd.toLocaleString('en-US')} order${assumedUsd > 1 ? 's have' : ' has'} no currency: USD assumed`);
  ctx.report.validRows = drafts.length;
  ctx.report.create.orders = drafts.length;

  const products = await existingProducts(ctx, drafts.flatMap((d) => d.product ?? []));
  const newProducts = new Map<string, { name: string; currency: string }>();
  for (const d of drafts) {
    const key = d.product?.toLowerCase();
    if (key && !products.has(key) && !newProducts.has(key)) newProducts.set(key, { name: d.product!, currency: d.currency });
  }
  ctx.report.create.products = newProducts.size;
  if (newProducts.size) ctx.report.warnings.push(`new products added to the catalogue without a price: ${[...newProducts.values()].slice(0, 10).map((p) => `"${p.name}"`).join(', ')}${newProducts.size > 10 ? ', …' : ''}`);

  return {
    async apply(db) {
      const productIds = await allocateIds(db, 'products', newProducts.size);
      const created = [...newProducts.entries()].map(([key, p], i) => ({ key, id: productIds[i]!, ...p }));
      await insertRows(db, 'products', { id: 'int8', name: 'text', currency: 'text' }, created.map(({ id, name, currency }) => ({ id, name, currency })));
      for (const p of created) products.set(p.key, p.id);
      const ids = await allocateIds(db, 'orders', drafts.length);
      await insertRows(db, 'orders', { id: 'int8', customer_id: 'int8', ordered_at: 'timestamptz', total: 'numeric', currency: 'text' },
        drafts.map((d, i) => ({ id: ids[i]!, customer_id: d.customerId, ordered_at: d.orderedAt, total: d.total, currency: d.currency })));
      for (const part of chunks(drafts.map((d, i) => ({ ...d, id: ids[i]! })))) {
        // The unit price is derived in SQL so the division is exact decimal arithmetic, never a float.
        await sql`insert into order_lines (order_id, product_id, quantity, unit_price, total)
          select o, p, q, round(t / q, 4), t
          from unnest(${array(part.map((d) => d.id), 'int8')}, ${array(part.map((d) => (d.product ? products.get(d.product.toLowerCase()) : null)), 'int8')},
                      ${array(part.map((d) => d.quantity), 'int4')}, ${array(part.map((d) => d.total), 'numeric')}) as u(o, p, q, t)`.execute(db);
      }
    },
  };
}

/** Catalogue products by SKU or case-insensitive name (the unique index is on lower(name)). */
async function existingProducts(ctx: ImportContext, names: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(names)];
  for (const part of chunks(unique, 20_000)) {
    const rows = await ctx.db.selectFrom('products').select(['id', 'name', 'sku'])
      .where(sql<boolean>`lower(name) = any(${array(part.map((n) => n.toLowerCase()), 'text')}) or sku = any(${array(part, 'text')})`).execute();
    for (const r of rows) {
      out.set(r.name.toLowerCase(), r.id);
      if (r.sku) for (const n of part) if (n === r.sku) out.set(n.toLowerCase(), r.id);
    }
  }
  return out;
}
