import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDuplicates, parseDuplicatesArgs } from '../../src/cli/commands/duplicates.js';
import type { DuplicatePair } from '../../src/crm/customers/duplicates.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-duplicates-cli-'));

/** The real CLI on an embedded database in a fresh folder, with any DATABASE_URL removed. */
function rapport(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, ['bin/rapport.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const side = (id: number, name: string) => ({ id, name, domain: null, email: null, phone: null, ownerId: null, createdAt: new Date(0) });

describe('rapport duplicates', () => {
  it('says so on an empty database, then lists the demo company’s pairs as text and as JSON', () => {
    const empty = rapport('duplicates');
    expect(empty.err).toBe('');
    expect(empty.code).toBe(0);
    expect(empty.out).toBe('No likely duplicate customers found.\n');

    expect(rapport('seed', '--demo').code).toBe(0);
    const listed = rapport('duplicates', '--limit', '3');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^(high|medium|low) +[01]\.\d\d {2}#\d+ .+ {2}← {2}#\d+ .+\n {13}(same|similar|contact|different)/);
    expect(listed.out).toMatch(/\n3 pairs in [\d.]+ s\. ← marks the newer record/);

    const json = rapport('duplicates', '--json', '--limit', '2', 'Initech');
    expect(json.code).toBe(0);
    const pairs = JSON.parse(json.out) as Array<{ keep: { name: string }; confidence: string; reasons: string[] }>;
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.length).toBeLessThanOrEqual(2);
    expect(pairs[0]).toMatchObject({ keep: { name: 'Initech' }, confidence: 'low' });
  }, 240_000);

  it('parses its options strictly', () => {
    expect(parseDuplicatesArgs(['--limit=5', '--json', 'Acme', 'Corp'])).toEqual({ limit: 5, min: 'low', json: true, query: 'Acme Corp' });
    expect(parseDuplicatesArgs(['--min', 'high'])).toEqual({ limit: 50, min: 'high', json: false });
    expect(() => parseDuplicatesArgs(['--limit', '0'])).toThrow(/--limit must be a whole number/);
    expect(() => parseDuplicatesArgs(['--min', 'certain'])).toThrow(/--min must be one of high, medium, low/);
    expect(() => parseDuplicatesArgs(['--nope'])).toThrow(/unknown option --nope/);
  });

  it('prints one block per pair, newer record on the right', () => {
    const pair: DuplicatePair = { keep: side(1, 'Acme Corp'), duplicate: side(9, 'ACME Corporation'), score: 0.7, confidence: 'medium', reasons: ['same name apart from the legal suffix'] };
    expect(formatDuplicates([pair])).toBe([
      'medium 0.70  #1 Acme Corp  ←  #9 ACME Corporation',
      '             same name apart from the legal suffix',
      '',
      '1 pair. ← marks the newer record, the one a merge would fold into the older.',
      'Merge in chat: “merge <newer> into <older>” (Undo restores it).',
    ].join('\n'));
  });
});
