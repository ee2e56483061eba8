import { runBench, type BenchLine, type BenchResult } from '../../../bench/run-bench.js';
import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

const USAGE = 'rapport bench [--scale N] [--iterations N] [--now ISO-TIME] [--json] [--explain]';

export interface BenchArgs {
  scale?: number;
  iterations: number;
  now?: Date;
  json: boolean;
  explain: boolean;
}

const cli = cliArgs(USAGE);

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = cli.parse(argv, {
    scale: { type: 'string' },
    iterations: { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
  });
  return {
    scale: cli.positiveNumber('--scale', values.scale, 10_000),
    iterations: cli.wholeNumber('--iterations', values.iterations, 1) ?? 100,
    now: cli.instant('--now', values.now),
    json: values.json,
    explain: values.explain,
  };
}

const num = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits));

function targetText(line: BenchLine): string {
  const parts: string[] = [];
  if (line.target_p99_ms !== undefined) parts.push(`p99≤${line.target_p99_ms}`);
  if (line.target_ratio !== undefined) parts.push(`≤${line.target_ratio}×SQL`);
  return parts.join(', ');
}

/** The human-readable table. */
export function formatBench(result: BenchResult): string {
  const out: string[] = [];
  const { database, data, machine } = result;
  out.push(`Rapport bench: ${database.description}`);
  if (database.indicative) {
    out.push('  embedded PGlite (single connection, in-process WASM): numbers are indicative only; set DATABASE_URL for real Postgres.');
  }
  out.push(
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; ` +
      `load average ${machine.loadAverage.start} at start, ${machine.loadAverage.end} at end`,
  );
  const sizes = Object.entries(data.rows).map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`).join(', ');
  out.push(`data: ${sizes}${data.seededNow ? ` (seeded now at scale ${data.scale} in ${data.seedSeconds} s)` : ' (reused)'}`);
  out.push(`as of ${result.now}, asked by ${result.user.name} (${result.user.role}, ${result.user.timeZone}); ${result.iterations} iterations after ${result.warmup} warm-up`);
  out.push('');

  // "all SQL": every statement of the message replayed, the dispatcher's own included (beside the target, not in it).
  const header = ['measure', 'n', 'p50 ms', 'p99 ms', 'max ms', 'SQL p50', 'SQL p99', 'ratio', 'target', 'met', 'all SQL p50', 'ratio to all'];
  const rows: string[][] = result.lines.map((line) => {
    if (line.name === 'parse') {
      return [
        `parse (${line.per_second?.toLocaleString('en-US')} msg/s)`, String(line.n), num(line.p50_ms, 3), num(line.p99_ms, 3),
        '', '', '', '', '', '', '', '',
      ];
    }
    return [
      line.name, String(line.n), num(line.p50_ms), num(line.p99_ms), num(line.max_ms), num(line.sql_p50_ms), num(line.sql_p99_ms),
      line.ratio === undefined ? '' : `${line.ratio.toFixed(2)}×`, targetText(line), line.met === undefined ? '' : line.met ? 'yes' : 'NO',
      num(line.all_sql_p50_ms), line.ratio_all === undefined ? '' : `${line.ratio_all.toFixed(2)}×`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  out.push(fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  out.push('');

  const odd = result.lines.filter((l) => l.outcomes && Object.keys(l.outcomes).some((k) => k !== 'ok'));
  for (const line of odd) {
    out.push(`${line.name} replies: ${Object.entries(line.outcomes!).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  }
  out.push(`memory: RSS ${result.memory.rssIdleMb} MB idle after start, ${result.memory.rssAfterMb} MB after the run (heap used ${result.memory.heapUsedAfterMb} MB)`);
  const missed = result.lines.filter((l) => l.met === false).map((l) => l.name);
  out.push(missed.length === 0 ? 'targets: all met' : `targets: missed by ${missed.join(', ')}`);
  for (const note of result.notes) out.push(`note: ${note}`);
  return out.join('\n');
}

/** With --json: one object per measured line, then an `info` line (database, data, memory). */
export function benchJsonLines(result: BenchResult): string[] {
  const { lines, ...info } = result;
  return [...lines.map((l) => JSON.stringify(l)), JSON.stringify({ name: 'info', ...info })];
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'measure parser throughput and command latency against the configured database',
  usage: `${USAGE}

  Uses DATABASE_URL (real Postgres, the intended target; use a dedicated database) or else the
  embedded PGlite folder (numbers indicative only). An empty database is seeded first.

  --scale N       data to seed on an empty database (default 333 ≈ 100k customers on Postgres, 1 on PGlite)
  --iterations N  timed runs per measure after a warm-up (default 100: p99 is the second slowest, max the slowest)
  --now T         the "as of" instant of the data and the bot's clock (default 2026-11-18T15:00:00Z)
  --json          one JSON object per line: {name, n, p50_ms, p99_ms, sql_p50_ms?, ratio?, …}
  --explain       print EXPLAIN (ANALYZE, BUFFERS) of each statement of the lookup and reports instead of timing`,
  async run(argv) {
    const args = parseBenchArgs(argv);
    return withDatabase(async (open) => {
      const scale = args.scale ?? (open.target.kind === 'postgres' ? 333 : 1);
      const result = await runBench(open, {
        scale,
        iterations: args.iterations,
        now: args.now,
        explain: args.explain,
        progress: (line) => process.stderr.write(`bench: ${line}\n`),
      });
      if (args.explain) return 0;
      if (args.json) for (const line of benchJsonLines(result)) console.log(line);
      else console.log(formatBench(result));
      return 0;
    });
  },
};
