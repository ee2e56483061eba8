import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSeedArgs } from '../../src/cli/commands/seed.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-seed-cli-'));

/** Runs the real CLI on an embedded database in a fresh folder, with any DATABASE_URL removed. */
function rapport(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, ['bin/rapport.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('rapport seed', () => {
  it('prints usage and exits 2 without --demo', () => {
    const run = rapport('seed');
    expect(run.code).toBe(2);
    expect(run.err).toContain('rapport seed --demo');
  });

  it('seeds an empty database, refuses a second time, and replaces the data with --force', () => {
    const first = rapport('seed', '--demo');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/customers\s+300/);
    expect(first.out).toMatch(/Done: [\d,]+ rows in [\d.]+ s/);

    const second = rapport('seed', '--demo');
    expect(second.code).toBe(1);
    expect(second.err).toContain('already has 300 customers');
    expect(second.err).toContain('--force');

    const forced = rapport('seed', '--demo', '--force', '--scale', '0.1', '--seed', '3');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/customers\s+30\b/);
    expect(forced.out).toContain('replacing 300 existing');
  }, 180_000);

  it('parses its options strictly', () => {
    expect(parseSeedArgs(['--demo', '--scale=2.5', '--seed', '7'])).toEqual({ demo: true, force: false, scale: 2.5, mix: 'demo', seed: 7 });
    expect(parseSeedArgs(['--demo', '--mix', 'bench']).mix).toBe('bench');
    expect(() => parseSeedArgs(['--demo', '--mix', 'huge'])).toThrow(/--mix must be one of demo, bench/);
    expect(() => parseSeedArgs(['--demo', '--scale', '-1'])).toThrow(/positive/);
    expect(() => parseSeedArgs(['--demo', '--seed'])).toThrow(/needs a value/);
    expect(() => parseSeedArgs(['--demo', '--now', 'yesterday'])).toThrow(/ISO time/);
    expect(() => parseSeedArgs(['--bogus'])).toThrow(/unknown option/);
  });
});
