import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/command.js';
import { parsePeriodArg, parseReportArgs } from '../../src/cli/commands/report.js';
import { pngSize } from '../charts/png-helpers.js';
import { postgresServerUrl, withDatabaseName } from '../support/test-db.js';

const bin = path.resolve('bin/rapport.js');
const NOW = '2026-11-18T15:00:00Z';
const NY = 'America/New_York';

describe('rapport report arguments', () => {
  const now = new Date(NOW);

  it('takes the period words chat takes, resolved in the given zone', () => {
    expect(parsePeriodArg('last month', now, NY)).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(parsePeriodArg('this quarter', now, NY)).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriodArg('Q3 2025', now, NY)).toEqual({ start: '2025-07-01', end: '2025-09-30' });
    expect(parsePeriodArg('in October', now, NY)).toEqual({ start: '2026-10-01', end: '2026-10-31' });
  });

  it('takes START..END dates', () => {
    expect(parsePeriodArg('2026-10-01..2026-10-31', now, NY)).toEqual({ start: '2026-10-01', end: '2026-10-31' });
  });

  it('refuses anything else with a usage error (exit 2)', () => {
    for (const bad of ['blah', 'last month and a half of bananas', '2026-10-31..2026-10-01', '2026-02-30..2026-03-01', '']) {
      let error: unknown;
      try {
        parsePeriodArg(bad, now, NY);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode, bad).toBe(2);
    }
  });

  it('checks the kind, grouping, zone, instant and file name before opening anything', () => {
    expect(parseReportArgs(['top-customers', '--tz', NY]).kind).toBe('top_customers');
    expect(parseReportArgs(['revenue', '--group-by', 'month', '--tz', NY]).groupBy).toBe('month');
    for (const argv of [[], ['forecast'], ['revenue', '--group-by', 'week'], ['revenue', '--tz', 'Mars/Olympus'], ['revenue', '--now', 'soon'],
      ['revenue', '--png', 'chart.jpg'], ['revenue', '--colour', 'red'], ['revenue', 'last', 'month']]) {
      expect(() => parseReportArgs(argv, {}), argv.join(' ')).toThrowError(CliError);
    }
  });
});

describe('rapport report on the embedded database (spawned)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-report-'));
  const dataDir = path.join(root, 'data');

  function rapport(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: dataDir, TZ: NY, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    return spawnSync(process.execPath, [bin, ...args], { env, cwd: root, encoding: 'utf8', timeout: 120_000 });
  }

  beforeAll(() => {
    const seeded = rapport(['seed', '--demo', '--now', NOW]);
    expect(seeded.status, seeded.stderr).toBe(0);
  }, 180_000);

  it('prints the revenue table for October and writes its chart as a valid PNG', () => {
    const run = rapport(['report', 'revenue', '--period', '2026-10-01..2026-10-31', '--now', NOW, '--png', 'out.png']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Revenue · 1 Oct – 31 Oct 2026');
    expect(run.stdout).toMatch(/Revenue\s+\$[\d,]+\.\d{2}\s+\$[\d,]+\.\d{2}\s+[▲▼] \d+\.\d%/);
    expect(run.stdout).toContain('[chart] Revenue · 1 Oct – 31 Oct 2026: out.png');
    expect(pngSize(new Uint8Array(fs.readFileSync(path.join(root, 'out.png'))))).toEqual({ width: 1600, height: 900 });
  }, 120_000);

  it('takes chat words for the period and draws no chart without --png', () => {
    const run = rapport(['report', 'pipeline', '--period', 'this quarter', '--now', NOW]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Pipeline · 1 Oct – 31 Dec 2026');
    expect(run.stdout).toMatch(/Lead\s+10%/);
    expect(run.stdout).not.toContain('[chart]');
  }, 120_000);

  it('exits 2 with a clear message on a bad period or kind, writing nothing', () => {
    const period = rapport(['report', 'revenue', '--period', 'sometime soonish', '--png', 'bad.png']);
    expect(period.status).toBe(2);
    expect(period.stderr).toContain('--period "sometime soonish" is not a period I know');
    expect(fs.existsSync(path.join(root, 'bad.png'))).toBe(false);
    const kind = rapport(['report', 'forecast']);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toMatch(/unknown report "forecast": one of segments, top_customers, revenue, pipeline, tickets, activities/);
  }, 120_000);

  it('works on a data folder nothing has migrated yet (an empty company)', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: path.join(root, 'fresh'), TZ: NY, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const run = spawnSync(process.execPath, [bin, 'report', 'revenue', '--period', 'last month', '--now', NOW], { env, cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('No orders in 1 Oct – 31 Oct 2026');
  }, 120_000);

  it('exits 2 when --owner names nobody', () => {
    const run = rapport(['report', 'activities', '--owner', 'Zebulon Quux', '--now', NOW]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--owner "Zebulon Quux" matches no single teammate');
  }, 120_000);
});

describe.skipIf(!postgresServerUrl())('rapport report on Postgres (spawned, DATABASE_URL)', () => {
  const server = postgresServerUrl()!;
  const name = `rapport_report_${Date.now().toString(36)}_${process.pid}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-report-pg-'));
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  const rapport = (args: string[]) => spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: withDatabaseName(server, name), TZ: NY, LOG_LEVEL: 'warn' }, cwd: root, encoding: 'utf8', timeout: 120_000,
  });

  beforeAll(async () => {
    await admin(`create database ${name}`);
    for (const args of [['migrate'], ['seed', '--demo', '--now', NOW]]) {
      const run = rapport(args);
      expect(run.status, run.stderr).toBe(0);
    }
  }, 180_000);
  afterAll(() => admin(`drop database if exists ${name} with (force)`));

  it('prints the table and writes the PNG from Postgres too', () => {
    const run = rapport(['report', 'revenue', '--period', 'last month', '--now', NOW, '--png', 'charts/october.png']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Revenue · 1 Oct – 31 Oct 2026');
    expect(run.stdout).toContain('[chart] Revenue · 1 Oct – 31 Oct 2026: charts/october.png');
    expect(pngSize(new Uint8Array(fs.readFileSync(path.join(root, 'charts/october.png'))))).toEqual({ width: 1600, height: 900 });
  }, 120_000);
});
