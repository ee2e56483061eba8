import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve('bin/rapport.js');

function rapport(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 110_000 });
}

describe('rapport migrate and doctor on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-')) + '/data';

  it('migrates once, then reports it is up to date', () => {
    const first = rapport(['migrate'], dataDir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied .*initial-schema/);
    const second = rapport(['migrate'], dataDir);
    expect(second.stdout).toMatch(/already up to date/);
  });

  it('doctor names the folder, the migration state, the row counts and the missing tokens', () => {
    const env = rapport(['doctor'], dataDir);
    expect(env.status, env.stderr).toBe(0);
    expect(env.stdout).toContain(`embedded PGlite in ${path.resolve(dataDir)}`);
    expect(env.stdout).toMatch(/Migrations: \d+ applied, 0 pending/);
    expect(env.stdout).toMatch(/customers\s+0/);
    expect(env.stdout).toMatch(/Slack \(HTTP\): not configured/);
  });

  it('refuses a second process on a folder another live process holds, with a clear message', () => {
    // This test process is alive, so its pid in the lock file stands for a running bot.
    fs.writeFileSync(`${path.resolve(dataDir)}.lock`, String(process.pid));
    try {
      const busy = rapport(['doctor'], dataDir);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/in use by another Rapport process \(pid \d+\)/);
    } finally {
      fs.rmSync(`${path.resolve(dataDir)}.lock`, { force: true });
    }
  });

  it('takes over a lock left behind by a process that died', () => {
    fs.writeFileSync(`${path.resolve(dataDir)}.lock`, '2147483646');
    const env = rapport(['doctor'], dataDir);
    expect(env.status, env.stderr).toBe(0);
    expect(fs.existsSync(`${path.resolve(dataDir)}.lock`)).toBe(false);
  });
});

describe('rapport doctor on Postgres', () => {
  it('hides the password of DATABASE_URL', () => {
    const env = { ...process.env, DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/none' };
    const run = spawnSync(process.execPath, [bin, 'doctor'], { env, encoding: 'utf8', timeout: 110_000 });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
  });
});
