import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';

const bin = path.resolve('bin/rapport.js');

const MEASURES = [
  'parse', 'lookup', 'lookup.exact',
  'report.segments', 'report.top_customers', 'report.revenue', 'report.revenue_by_month', 'report.pipeline',
  'report.tickets', 'report.activities',
  'log_activity', 'create_ticket', 'update_ticket',
];

describe('rapport bench', () => {
  it('seeds an empty embedded database at a tiny scale and prints one JSON line per measure', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-')), 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RAPPORT_CHARTS: 'off' };
    delete env.DATABASE_URL;
    const run = spawnSync(process.execPath, [bin, 'bench', '--scale', '0.05', '--iterations', '3', '--json'], {
      env,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);

    const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const byName = new Map(lines.map((l) => [l.name, l]));
    for (const name of MEASURES) {
      const line = byName.get(name);
      expect(line, `${name} missing from:\n${run.stdout}`).toBeDefined();
      expect(line!.n).toBeGreaterThan(0);
      expect(typeof line!.p50_ms).toBe('number');
      expect(typeof line!.p99_ms).toBe('number');
      expect(line!.p99_ms as number).toBeGreaterThanOrEqual(line!.p50_ms as number);
      if (name !== 'parse') expect(line!.max_ms as number).toBeGreaterThanOrEqual(line!.p99_ms as number);
      expect(typeof line!.met === 'boolean' || name === 'parse').toBe(true);
    }
    // Reads carry the bare-SQL comparison; writes were measured (n = iterations) and removed again.
    for (const name of MEASURES.filter((n) => n.startsWith('lookup') || n.startsWith('report.'))) {
      expect(typeof byName.get(name)!.sql_p50_ms).toBe('number');
      expect(typeof byName.get(name)!.ratio).toBe('number');
      expect(typeof byName.get(name)!.ratio_all).toBe('number');
      // All the message sends: the handler's statements and at least the user's load and the event's mark.
      expect(byName.get(name)!.all_statements as number, name).toBeGreaterThanOrEqual((byName.get(name)!.statements as number) + 2);
    }
    // A lookup asked after another customer's puts the new one in mind: its save is in the replay.
    expect(byName.get('lookup.exact')!.all_statements).toBe((byName.get('lookup.exact')!.statements as number) + 3);
    // Every customer asked for by its exact name gets its card.
    expect(byName.get('lookup.exact')!.outcomes).toEqual({ ok: byName.get('lookup.exact')!.n });
    expect(byName.get('log_activity')!.n).toBe(3);
    expect(byName.get('parse')!.per_second as number).toBeGreaterThan(0);

    const info = byName.get('info') as { database: { kind: string; indicative: boolean }; data: { seededNow: boolean; rows: Record<string, number> }; memory: { rssIdleMb: number; rssAfterMb: number } };
    expect(info.database).toMatchObject({ kind: 'pglite', indicative: true });
    expect(info.data.seededNow).toBe(true);
    expect(info.data.rows.customers).toBeGreaterThan(0);
    expect(info.memory.rssAfterMb).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/removed what the writes added/);

    // Nothing of the bench's messages stays marked as seen, the replays' fresh event ids included.
    const open = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const marks = await open.db.selectFrom('processed_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(marks.n)).toBe(0);
    } finally {
      await open.close();
    }
  }, 300_000);
});
