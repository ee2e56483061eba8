import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { orderPieces } from './order-rollup.js';
import type { PeriodRange } from './report-period.js';

// SQL fragments shared by the report queries. Percentages and money stay numeric in SQL and reach
// JS as exact decimal strings (numeric is parsed as text on both drivers, see src/db/types.ts).

/** Percent of `part` in `whole`, rounded to 0.1 ('37.5'); null when the whole is zero. */
export function percentOf(part: RawBuilder<unknown>, whole: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`round(100.0 * (${part}) / nullif(${whole}, 0), 1)`;
}

/** Percent change from `previous` to `current`, rounded to 0.1 ('-12.5'); null when previous is zero. */
export function percentChange(current: RawBuilder<unknown>, previous: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`round(100.0 * ((${current}) - (${previous})) / nullif(${previous}, 0), 1)`;
}

/** `column` in [from, to): a plain range so the timestamptz index on `column` serves it. */
export function inRange(column: RawBuilder<unknown>, range: PeriodRange): RawBuilder<boolean> {
  return sql<boolean>`(${column} >= ${range.from}::timestamptz and ${column} < ${range.to}::timestamptz)`;
}

/**
 * The currency money reports sum in: the requested one, else the currency most orders in the
 * range were placed in (ties → alphabetical), else USD. Sums never mix currencies; the revenue
 * report says how many orders in other currencies it left out. The lookup is a range scan on
 * orders_ordered_idx (currency itself is not in its INCLUDE list, so it visits the heap).
 */
export function orderCurrency(range: PeriodRange, requested: string | undefined): RawBuilder<string> {
  return sql<string>`coalesce(
    ${requested ?? null}::text,
    (select o.currency::text from orders o
      where o.ordered_at >= ${range.from}::timestamptz and o.ordered_at < ${range.to}::timestamptz
      group by o.currency order by count(*) desc, o.currency limit 1),
    'USD')`;
}

/**
 * orderCurrency resolved in its own round-trip, for the big scans: a currency bound as a plain
 * parameter lets the planner use the column statistics for `currency = $1` (as an InitPlan value
 * it guesses 0.5% of the rows and then picks nested loops over 100k customers). Counted over the
 * hourly rollup (orderPieces): a year is ~8.8k rollup rows instead of ~410k index entries.
 */
export async function resolveOrderCurrency(db: DbOrTx, range: PeriodRange, requested: string | undefined): Promise<string> {
  if (requested !== undefined) return requested;
  const { rows } = await sql<{ currency: string }>`
    select p.currency from (${orderPieces(range)}) p
    group by p.currency order by sum(p.orders) desc, p.currency limit 1`.execute(db);
  return rows[0]?.currency ?? 'USD';
}

/** Normalises a currency code from the caller ('usd' → 'USD'); undefined stays undefined. */
export function currencyCode(currency: string | undefined): string | undefined {
  return currency === undefined ? undefined : currency.trim().toUpperCase();
}
