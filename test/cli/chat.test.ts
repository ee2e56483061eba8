import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve('bin/rapport.js');

/** Runs a scripted terminal session: one message per line, replies separated by blank lines. */
function chat(lines: string[], dataDir: string, extra: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, [bin, 'chat', '--now', '2026-11-18T15:00:00Z', '--tz', 'America/New_York', ...extra], {
    env,
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...run, replies: run.stdout.split(/\n\n/).map((r) => r.trim()).filter(Boolean) };
}

describe('the terminal chat, scripted', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-chat-')), 'data');

  it('starts on a fresh folder with the demo company and works a customer end to end', () => {
    const run = chat(
      [
        'who is acme?',
        '1',
        'log a call with them: pricing questions, follow up next Tuesday',
        'open a ticket for Initech: SSO fails, urgent',
        'close it',
        'top 3 customers last month',
      ],
      dataDir,
    );
    expect(run.status, run.stderr).toBe(0);
    const [pick, card, logged, opened, closed, top] = run.replies;
    expect(pick).toMatch(/Which “acme” do you mean\?/);
    expect(pick).toMatch(/\[1\] Acme/);
    expect(card).toMatch(/Acme (Corp|Industries)/);
    expect(logged).toMatch(/Logged a call/);
    expect(logged).toMatch(/Tue 24 Nov 2026, 09:00/);
    expect(opened).toMatch(/ticket #\d+/i);
    expect(closed).toMatch(/closed/);
    expect(top).toMatch(/Top/);
    expect(top!.split('\n').filter((l) => /^\s*[123]\s/.test(l))).toHaveLength(3);
  });

  it('keeps what was written: the next session finds the logged call on the customer card', () => {
    const run = chat(['who is initech'], dataDir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.replies[0]).toMatch(/SSO fails|Initech/);
  });

  it('a second process on the same folder is refused while the first holds it', () => {
    fs.writeFileSync(`${path.resolve(dataDir)}.lock`, String(process.pid));
    try {
      const run = chat(['help'], dataDir);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/in use by another Rapport process/);
    } finally {
      fs.rmSync(`${path.resolve(dataDir)}.lock`, { force: true });
    }
  });
});
