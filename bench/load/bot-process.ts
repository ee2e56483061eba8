/**
 * The bot under load: a database seeded with the demo company (a temporary PGlite folder, or a
 * uniquely named database on DATABASE_URL's server, dropped afterwards), then `rapport start`
 * in a child process pointed at the stub Slack, so the RSS measured is the bot's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, redactUrl, type DatabaseTarget } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { insertIdentityIfAbsent } from '../../src/crm/users/user.repository.js';
import { seedDemo } from '../../src/seed/index.js';
import { TEAM } from './stub-slack.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface LoadDatabase {
  /** What the child gets: DATABASE_URL or RAPPORT_DATA_DIR. */
  env: Record<string, string>;
  description: string;
  kind: 'postgres' | 'pglite';
  /** A Postgres server on this machine (loopback or a Unix socket), whose CPU the load can read. */
  local: boolean;
  seedSeconds: number;
  dispose(): Promise<void>;
}

/** Creates, migrates and seeds the database, links the load's Slack users to seeded people, and closes it for the child. */
export async function prepareDatabase(options: { scale: number; serverUrl?: string; linked: Record<string, string> }): Promise<LoadDatabase> {
  let target: DatabaseTarget;
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  let description: string;
  let local = false;
  if (options.serverUrl) {
    const name = `rapport_load_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(options.serverUrl, `create database ${name}`);
    const url = new URL(options.serverUrl);
    url.pathname = `/${name}`;
    target = { kind: 'postgres', url: url.toString() };
    env = { DATABASE_URL: url.toString() };
    description = `Postgres ${redactUrl(url.toString())}`;
    local = ['127.0.0.1', 'localhost', '[::1]', ''].includes(url.hostname) || url.searchParams.get('host')?.startsWith('/') === true;
    dispose = () => adminQuery(options.serverUrl!, `drop database if exists ${name} with (force)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-load-'));
    target = { kind: 'pglite', dataDir: dir };
    env = { RAPPORT_DATA_DIR: dir };
    description = `embedded PGlite in ${dir}`;
    dispose = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const started = performance.now();
  try {
    const open = await openDatabase(target);
    try {
      await migrateToLatest(open.db);
      await seedDemo(open.db, { now: new Date(), scale: options.scale });
      const users = await open.db.selectFrom('users').select(['id', 'name']).execute();
      for (const [slackId, name] of Object.entries(options.linked)) {
        const user = users.find((u) => u.name === name);
        if (!user) throw new Error(`the demo company has no user named ${name}`);
        await insertIdentityIfAbsent(open.db, { platform: 'slack', workspaceId: TEAM, platformUserId: slackId, userId: Number(user.id), displayName: name });
      }
      await sql`analyze`.execute(open.db);
    } finally {
      await open.close();
    }
  } catch (error) {
    await dispose().catch(() => {});
    throw error;
  }
  return { env, description, kind: target.kind, local, seedSeconds: (performance.now() - started) / 1000, dispose };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface BotProcess {
  pid: number;
  /** Where Slack's requests go: POST /slack/events. */
  url: string;
  /** Current resident set size in MB (from /proc: Linux only; undefined elsewhere). */
  rssMb(): number | undefined;
  /** CPU time the bot has used so far (user + system, every thread), in ms; undefined without /proc. */
  cpuMs(): number | undefined;
  /** Lines the bot logged at warn or above (LOG_LEVEL=warn), for the error count. */
  logLines(): string[];
  stop(): Promise<number | null>;
}

/** The environment the bot gets: only what the load decides, so a developer's tokens never leak in. */
function botEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'DATABASE_POOL_SIZE', 'DATABASE_PREPARE', 'PGOPTIONS', 'NODE_OPTIONS', 'RAPPORT_CHARTS', 'RAPPORT_CHART_THREADS', 'RAPPORT_CHART_CACHE_MB', 'RAPPORT_DISPATCH_CONCURRENCY', 'RAPPORT_DISPATCH_QUEUE', 'RAPPORT_DISPATCH_THREAD', 'RAPPORT_DISPATCH_NICE'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

/** `profileDir`: write a V8 CPU profile of the bot there when it stops (open it in Chrome DevTools). */
export async function startBot(options: { env: Record<string, string>; timeoutMs?: number; profileDir?: string }): Promise<BotProcess> {
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profileDir)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, path.join(ROOT, 'bin/rapport.js'), 'start'], {
    cwd: ROOT,
    env: botEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let pending = '';
  let exited: number | null | undefined;
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) lines.push(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exited = code))));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start within ${options.timeoutMs ?? 120_000} ms:\n${lines.join('\n')}`)), options.timeoutMs ?? 120_000);
    const check = setInterval(() => {
      const banner = lines.map((l) => /Slack \(HTTP on port (\d+)\)/.exec(l)).find(Boolean);
      if (banner) {
        clearTimeout(timer);
        clearInterval(check);
        resolve(Number(banner[1]));
      } else if (exited !== undefined) {
        clearTimeout(timer);
        clearInterval(check);
        reject(new Error(`the bot exited with code ${exited} before listening:\n${lines.join('\n')}`));
      }
    }, 50);
  });

  const pid = child.pid!;
  return {
    pid,
    url: `http://127.0.0.1:${port}/slack/events`,
    rssMb: () => rssOf(pid),
    cpuMs: () => cpuOf(pid),
    logLines: () => lines.filter((l) => !/Rapport is running|Stopping…/.test(l)),
    async stop() {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

function rssOf(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) of every process named `postgres` on this machine (server, backends, background
 * workers): what a local database server costs, read from /proc. Undefined without /proc or when
 * no such process runs (PGlite, a remote server).
 */
export function localPostgresCpuMs(): number | undefined {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let total: number | undefined;
  for (const pid of pids) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const cpu = cpuOf(Number(pid));
    if (cpu !== undefined) total = (total ?? 0) + cpu;
  }
  return total;
}

/** This machine's CPU time so far (all CPUs, clock ticks from /proc/stat); undefined without /proc. */
export interface MachineCpu {
  total: number;
  idle: number;
  /** Time the hypervisor gave this VM's CPUs to someone else. */
  steal: number;
}

export function machineCpu(): MachineCpu | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guests are inside user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
    return { total: user! + nice! + system! + idle! + iowait! + irq! + softirq! + steal!, idle: idle! + iowait!, steal: steal! };
  } catch {
    return undefined;
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms on Linux). */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
