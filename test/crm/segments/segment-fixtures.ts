import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database.js';
import { addCustomer, addOrder } from '../reports/report-fixtures.js';

/**
 * Ten customers C1..C10 ordering in June 2026 (UTC), built so that scores are easy to read:
 * recency improves with the number (C10 bought last), while orders (= revenue / 100) are
 *   C1 1, C2 1, C3 2, C4 2, C9 3, C10 3, C5 4, C6 4, C7 5, C8 5.
 * ntile(5) over 10 customers makes buckets of two, so:
 *   C1, C2  R1 FM1 → Lost            C3, C4  R2 FM2 → Hibernating
 *   C5, C6  R3 FM4 → Loyal           C7, C8  R4 FM5 → Loyal
 *   C9, C10 R5 FM3 → Potential Loyalists
 * Returns the ids, C1 first.
 */
export async function seedTenCustomers(db: Kysely<Database>): Promise<number[]> {
  const orders = [1, 1, 2, 2, 4, 4, 5, 5, 3, 3];
  const ids: number[] = [];
  for (let i = 1; i <= 10; i += 1) {
    const id = await addCustomer(db, `C${i}`);
    ids.push(id);
    const count = orders[i - 1]!;
    for (let k = 1; k < count; k += 1) await addOrder(db, id, `2026-06-0${k}T12:00:00Z`, '100.00');
    await addOrder(db, id, `2026-06-${15 + i}T12:00:00Z`, '100.00');
  }
  return ids;
}
