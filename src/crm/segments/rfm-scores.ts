import { sql, type RawBuilder } from 'kysely';
import type { PeriodRange } from '../reports/report-period.js';
import { rfmSegmentCells } from './rfm-segment-map.js';

export interface RfmScope {
  current: PeriodRange;
  /** The period of equal length just before `current` (see previousPeriod); contiguous with it. */
  previous: PeriodRange;
  /** Orders in other currencies are ignored (see resolveOrderCurrency for the default). */
  currency: string;
}

/**
 * CTEs (to follow `with`) defining, per customer with an order in the currency up to the end of
 * the period:
 *   rfm_current(customer_id, recency_days, frequency, monetary, r, f, m, label)
 *   rfm_previous(…same…) — the same scoring as of the previous period's end
 * where recency_days = days from the last order (as a date in the zone) to the period's last
 * day, frequency = orders in the period, monetary = revenue in the period (exact numeric).
 *
 * Both periods come from ONE aggregate pass over orders before the period end: with 100k
 * customers this reads nearly all orders — Postgres picks orders_customer_idx (customer_id,
 * ordered_at) to feed a GroupAggregate, or a seq scan + hash aggregate; orders_ordered_idx
 * cannot cover it (currency is not in its INCLUDE list). Each period's scores then sort the
 * customers once per axis. No N+1. Measured on 100k customers / 300k orders, Postgres 15,
 * default work_mem, loaded machine: a scoring ≈ 2.5 s. So reports do not score on every read:
 * the scores are stored per period (ensureSegmentSnapshot) and rescored only when an order
 * before the period's end changed. A covering index orders (customer_id, ordered_at) include
 * (total, currency) was tried at 100k customers / 480k orders: the rescoring stayed at 1.0–2.0 s
 * with or without it (the ranking and the upsert dominate), so it was not added.
 */
export function rfmCtes(scope: RfmScope): RawBuilder<unknown> {
  const { current, previous } = scope;
  const curFrom = sql`${current.from}::timestamptz`;
  const prevFrom = sql`${previous.from}::timestamptz`;
  const prevTo = sql`${previous.to}::timestamptz`;
  return sql`
    rfm_orders as (
      select o.customer_id,
        max(o.ordered_at) as last_at,
        max(o.ordered_at) filter (where o.ordered_at < ${prevTo}) as prev_last_at,
        count(*) filter (where o.ordered_at >= ${curFrom}) as frequency,
        coalesce(sum(o.total) filter (where o.ordered_at >= ${curFrom}), 0.00) as monetary,
        count(*) filter (where o.ordered_at >= ${prevFrom} and o.ordered_at < ${prevTo}) as prev_frequency,
        coalesce(sum(o.total) filter (where o.ordered_at >= ${prevFrom} and o.ordered_at < ${prevTo}), 0.00)
          as prev_monetary
      from orders o
      where o.ordered_at < ${current.to}::timestamptz and o.currency = ${scope.currency}
      group by o.customer_id
    ),
    rfm_current as (${scored(sql`
      select customer_id, ${current.period.end}::date - (last_at at time zone ${current.timeZone})::date as recency_days,
        frequency, monetary
      from rfm_orders`)}),
    rfm_previous as (${scored(sql`
      select customer_id, ${previous.period.end}::date - (prev_last_at at time zone ${previous.timeZone})::date as recency_days,
        prev_frequency as frequency, prev_monetary as monetary
      from rfm_orders where prev_last_at is not null`)})`;
}

/**
 * Quintile scores, 5 = best, each axis ordered worst first. The score is the ntile(5) bucket —
 * ntile(5) over (order by value, customer_id) — of the FIRST customer of the group sharing the
 * value, i.e. min(ntile) over the tie group: customers with equal values get equal scores. ntile
 * alone would split a tie across buckets by id, and in a month where 90% of customers did not
 * order, id alone would make some of them "Loyal" with no order at all. Computed from rank()
 * (position of the first of the group) with ntile's own arithmetic, so one sort per axis instead
 * of two; deterministic, and a rerun gives the same segments.
 * With fewer than 5 customers the top buckets stay empty (ntile(5) of 3 rows is 1, 2, 3).
 */
function scored(base: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select s.customer_id, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m, ${segmentLabel(sql`s.r`, sql`s.f`, sql`s.m`)} as label
    from (
      select t.customer_id, t.recency_days, t.frequency, t.monetary,
        ${ntileOfPosition(sql`t.r_rank`, sql`t.n`)} as r,
        ${ntileOfPosition(sql`t.f_rank`, sql`t.n`)} as f,
        ${ntileOfPosition(sql`t.m_rank`, sql`t.n`)} as m
      from (
        -- rank() ignores the frame, but the default frame (unbounded preceding → current row's
        -- peers) keeps a whole tie group buffered: with 90k customers tied at 0 orders that cost
        -- 1 s per axis; a one-row frame lets Postgres stream. n comes from its own count for the
        -- same reason (count(*) over () would buffer the whole set).
        select b.*, k.n,
          rank() over (order by b.recency_days desc rows between current row and current row) as r_rank,
          rank() over (order by b.frequency rows between current row and current row) as f_rank,
          rank() over (order by b.monetary rows between current row and current row) as m_rank
        from (${base}) b cross join (select count(*) as n from (${base}) c) k
      ) t
    ) s`;
}

/**
 * The bucket ntile(5) gives to row `position` (1-based) of `n` rows: the first n % 5 buckets hold
 * one row more than the others. Exported so a test can hold it equal to ntile itself.
 */
export function ntileOfPosition(position: RawBuilder<unknown>, n: RawBuilder<unknown>): RawBuilder<number> {
  const big = sql`(${n} / 5 + 1)`;
  const bigRows = sql`((${n} % 5) * ${big})`;
  return sql<number>`(case when ${position} <= ${bigRows} then (${position} - 1) / ${big} + 1
    else ${n} % 5 + (${position} - ${bigRows} - 1) / nullif(${n} / 5, 0) + 1 end)::int`;
}

/**
 * The segment map as a CASE over r * 10 + fm, rather than a join with a VALUES table: the
 * planner cannot estimate a join on window-function outputs (it guessed 1 row of 100k and chose
 * nested loops downstream), while a CASE keeps the row count.
 */
function segmentLabel(r: RawBuilder<unknown>, f: RawBuilder<unknown>, m: RawBuilder<unknown>): RawBuilder<string> {
  const whens = rfmSegmentCells().map((c) => sql`when ${sql.lit(c.r * 10 + c.fm)} then ${c.label}::text`);
  return sql<string>`case ${r} * 10 + (${f} + ${m} + 1) / 2 ${sql.join(whens, sql` `)} end`;
}
