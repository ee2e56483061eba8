import { AppError, conflict, invalid } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import type { CrmContext } from '../context.js';
import { formatMoney, toMoney, type MoneyString } from '../money.js';
import type { Product } from './order.table.js';
import { findProductByExactName, findSimilarProducts, insertProductIfAbsent } from './product.repository.js';

/**
 * Fuzzy matching thresholds. Below MIN_SCORE a name is a different product; when the runner-up
 * is within MARGIN of the best, guessing would be a coin toss, so the user is asked.
 */
export const PRODUCT_MATCH = { MIN_SCORE: 0.45, MARGIN: 0.1 } as const;

const CURRENCY = /^[A-Z]{3}$/;

export function normaliseCurrency(currency: string | undefined): string | undefined {
  if (currency === undefined) return undefined;
  const code = currency.trim().toUpperCase();
  if (!CURRENCY.test(code)) throw invalid(`"${currency}" is not a currency code such as USD or EUR.`);
  return code;
}

export function describeProduct(product: Pick<Product, 'name' | 'unit_price' | 'currency'>): string {
  return product.unit_price === null ? product.name : `${product.name} (${formatMoney(product.unit_price, product.currency)})`;
}

/**
 * A product by name: exact (any case) first, then the clearly best trigram match ("pro plans" →
 * "Pro plan"). Undefined when nothing is close; `ambiguous` when two are about as close.
 */
export async function findProductByName(db: DbOrTx, name: string): Promise<Product | undefined> {
  const exact = await findProductByExactName(db, name);
  if (exact) return exact;
  const similar = await findSimilarProducts(db, name, { minScore: PRODUCT_MATCH.MIN_SCORE, limit: 5 });
  const [best, second] = similar;
  if (!best) return undefined;
  if (!second || best.score - second.score >= PRODUCT_MATCH.MARGIN) return best;
  const close = similar.filter((p) => best.score - p.score < PRODUCT_MATCH.MARGIN);
  throw new AppError(
    'ambiguous',
    `Which product do you mean by "${name.trim()}": ${close.map((p) => describeProduct(p)).join(', ')}?`,
    { candidates: close.map((p) => ({ id: p.id, name: p.name })) },
  );
}

export interface CreateProductInput {
  name: string;
  unitPrice?: MoneyString | number | null;
  currency?: string;
  sku?: string | null;
}

export async function createProduct(ctx: CrmContext, input: CreateProductInput): Promise<Product> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw invalid('A product needs a name of 1 to 200 characters.');
  const { product, created } = await insertProductIfAbsent(ctx.db, {
    name,
    unit_price: input.unitPrice === undefined || input.unitPrice === null ? null : toMoney(input.unitPrice),
    currency: normaliseCurrency(input.currency) ?? 'USD',
    sku: input.sku?.trim() || null,
    created_at: ctx.now(),
  });
  if (!created) throw conflict(`There already is a product called ${product.name}.`);
  return product;
}
