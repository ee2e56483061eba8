import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ntileOfPosition } from '../../../src/crm/segments/rfm-scores.js';
import { useTestDatabase } from '../../support/test-db.js';

const t = useTestDatabase({ truncateEachTest: false });

describe('RFM quintile arithmetic', () => {
  it('gives the same bucket as ntile(5) for every position of 1 to 40 rows', async () => {
    const { rows } = await sql<{ n: number; position: number; ntile: number; computed: number }>`
      select n, position, ntile, ${ntileOfPosition(sql`position`, sql`n`)} as computed
      from (
        select n::bigint as n, position::bigint as position, ntile(5) over (partition by n order by position) as ntile
        from generate_series(1, 40) n, generate_series(1, n) position
      ) x`.execute(t.db);
    expect(rows).toHaveLength(820);
    expect(rows.filter((r) => r.ntile !== r.computed)).toEqual([]);
  });
});
