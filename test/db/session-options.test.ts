import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sessionOptions } from '../../src/db/connect.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';

describe('Postgres session settings', () => {
  it('turns off JIT and parallel workers, and lets PGOPTIONS override either', () => {
    expect(sessionOptions({})).toBe('-c jit=off -c max_parallel_workers_per_gather=0');
    // Postgres applies -c options in order, so the operator's own comes last and wins.
    expect(sessionOptions({ PGOPTIONS: ' -c max_parallel_workers_per_gather=2 ' })).toBe(
      '-c jit=off -c max_parallel_workers_per_gather=0 -c max_parallel_workers_per_gather=2',
    );
  });
});

describe.skipIf(!postgresServerUrl())('on a real Postgres (skipped on PGlite, which has no JIT or parallel workers; set TEST_DATABASE_URL)', () => {
  const t = useTestDatabase({ truncateEachTest: false });

  it('every pooled connection runs reports without JIT or parallel workers', async () => {
    // Several at once, so more than one pooled connection answers.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        sql<{ jit: string; workers: string }>`
          select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers, pg_sleep(0.05)::text`.execute(t.db),
      ),
    );
    for (const { rows } of answers) expect(rows[0]).toMatchObject({ jit: 'off', workers: '0' });
  });
});
