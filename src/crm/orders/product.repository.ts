import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { NewProduct, Product } from './order.table.js';

export interface ScoredProduct extends Product {
  /** pg_trgm similarity of the lower-cased names, 0..1. */
  score: number;
}

export async function findProductById(db: DbOrTx, id: number): Promise<Product | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Case-insensitive exact match; uses the unique index on lower(name). */
export async function findProductByExactName(db: DbOrTx, name: string): Promise<Product | undefined> {
  return db
    .selectFrom('products')
    .selectAll()
    .where(sql`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

/** Trigram neighbours of `name`, best first, at or above `minScore`. */
export async function findSimilarProducts(
  db: DbOrTx,
  name: string,
  options: { minScore: number; limit: number },
): Promise<ScoredProduct[]> {
  const needle = name.trim().toLowerCase();
  const score = sql<number>`similarity(lower(name), ${needle})`;
  const rows = await db
    .selectFrom('products')
    .selectAll()
    .select(score.as('score'))
    .where('active', '=', true)
    .where(score, '>=', options.minScore)
    .orderBy(score, 'desc')
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

/**
 * Inserts a product unless one with the same name (any case) exists; returns the row either way,
 * and whether this call created it (two people adding "Pro plan" at once get one product).
 */
export async function insertProductIfAbsent(db: DbOrTx, values: NewProduct): Promise<{ product: Product; created: boolean }> {
  const inserted = await db
    .insertInto('products')
    .values(values)
    .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { product: inserted, created: true };
  return { product: (await findProductByExactName(db, values.name))!, created: false };
}

/** Deletes a product only when no order line refers to it (Undo of an order that created it). */
export async function deleteUnusedProduct(db: DbOrTx, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('products')
    .where('id', '=', id)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('order_lines').select('order_lines.id').where('order_lines.product_id', '=', id))),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
