import { sql, type RawBuilder } from 'kysely';

const HOUR_MS = 3_600_000;

/**
 * How to read [from, to) from an hourly rollup exactly: the whole UTC hours inside it from the
 * rollup (`hours`, less the `split` ones), and from the rows themselves every piece the rollup
 * cannot tell apart (`raw`): the range's ragged ends and every hour a `cut` falls inside (e.g. a
 * month start in a half-hour time zone). Anything grouped by a function of time that only
 * changes at `from`, `to` or a cut then sums exactly as over the rows. Times in epoch ms.
 */
interface HourCover {
  hours?: WholeHours;
  raw: Array<{ from: number; to: number }>;
}

/** The whole UTC hours [from, to) a rollup answers for, less the `split` hours (their starts). */
export interface WholeHours {
  from: number;
  to: number;
  split: number[];
}

function hourCover(range: { from: string; to: string }, cuts: readonly string[] = []): HourCover {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const wholeFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const wholeTo = Math.floor(to / HOUR_MS) * HOUR_MS;
  if (wholeFrom >= wholeTo) return { raw: [{ from, to }] };

  const raw: HourCover['raw'] = [];
  if (from < wholeFrom) raw.push({ from, to: wholeFrom });
  if (wholeTo < to) raw.push({ from: wholeTo, to });
  const split = new Set<number>();
  for (const cut of cuts) {
    const at = Date.parse(cut);
    if (at <= wholeFrom || at >= wholeTo || at % HOUR_MS === 0) continue;
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    if (split.has(hour)) continue;
    split.add(hour);
    raw.push({ from: hour, to: hour + HOUR_MS });
  }
  return { hours: { from: wholeFrom, to: wholeTo, split: [...split] }, raw };
}

/**
 * [from, to) read as one union: `rollup` for the whole hours, then `rows` for each piece the
 * rollup cannot answer (see hourCover). What every reader of an hourly rollup builds.
 */
export function readByHours<T>(
  range: { from: string; to: string },
  read: { rollup: (hours: WholeHours) => RawBuilder<unknown>; rows: (from: number, to: number) => RawBuilder<unknown> },
  cuts: readonly string[] = [],
): RawBuilder<T> {
  const { hours, raw } = hourCover(range, cuts);
  const parts = [...(hours ? [read.rollup(hours)] : []), ...raw.map(({ from, to }) => read.rows(from, to))];
  return sql<T>`${sql.join(parts, sql` union all `)}`;
}

/** An epoch-ms time as a timestamptz parameter. */
export const ts = (ms: number): RawBuilder<unknown> => sql`${new Date(ms).toISOString()}::timestamptz`;
