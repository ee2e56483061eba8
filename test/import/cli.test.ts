import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImportArgs } from '../../src/cli/commands/import.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-cli-'));
const dataDir = path.join(dir, 'data');
const csv = path.join(dir, 'customers.csv');
fs.writeFileSync(csv, 'Company,Email,Phone\nAcme Corp,sales@acme.com,(206) 555-0142\nInitech,bad-email,\n');

/** The real CLI on an embedded database in a fresh folder, with any DATABASE_URL removed. */
function rapport(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, ['bin/rapport.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rapport import', () => {
  it('prints the dry-run report and exits 0; exits 1 on a missing file', () => {
    const run = rapport('import', csv, '--dry-run');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Import of customers from customers.csv (dry run: nothing written)');
    expect(run.out).toMatch(/to create:\s+1 customers/);
    expect(run.out).toMatch(/line 3: email: "bad-email" doesn't look like an email address/);

    const missing = rapport('import', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.csv: there is no such file/);
  }, 180_000);

  it('parses its options strictly', () => {
    expect(parseImportArgs(['a.csv', '--kind=orders', '--dry-run', '--region', 'de'])).toEqual({ file: 'a.csv', kind: 'orders', dryRun: true, region: 'de', all: false });
    expect(() => parseImportArgs(['--dry-run'])).toThrow(/which file/);
    expect(() => parseImportArgs(['a.csv', '--kind', 'deals'])).toThrow(/--kind must be one of/);
    expect(() => parseImportArgs(['a.csv', 'b.csv'])).toThrow(/one file at a time/);
  });
});
