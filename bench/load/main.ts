/**
 * `npm run load -- [--rate N] [--duration S] [--scale N] [--drain S] [--warmup N] [--profile DIR] [--json]`.
 * DATABASE_URL set: a throwaway database on that server (dropped afterwards); else PGlite.
 * Exit code 0 when the target is met, 1 when not, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { TARGET, runLoad, type LoadOptions, type LoadResult } from './run-load.js';

const USAGE = 'npm run load -- [--rate N] [--duration SECONDS] [--scale N] [--drain SECONDS] [--warmup N] [--profile DIR] [--json]';

export function parseLoadArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): LoadOptions & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: String(TARGET.rate) },
      duration: { type: 'string', default: String(TARGET.duration) },
      scale: { type: 'string', default: '1' },
      drain: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '100' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const positive = (name: string, raw: string | undefined, max: number): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a positive number up to ${max}\nusage: ${USAGE}`);
    return n;
  };
  return {
    rate: positive('rate', values.rate, 5000),
    duration: positive('duration', values.duration, 3600),
    scale: positive('scale', values.scale, 1000),
    drain: positive('drain', values.drain, 600),
    warmup: values.warmup === '0' ? 0 : Math.round(positive('warmup', values.warmup, 100_000)),
    serverUrl: env.DATABASE_URL || undefined,
    profileDir: values.profile,
    json: values.json ?? false,
  };
}

export function formatLoad(r: LoadResult): string {
  const rows: Array<[string, string]> = [
    ['database', `${r.database} (scale ${r.scale})`],
    ['rate', `${r.rate}/s target, ${r.achieved_rate}/s sent, for ${r.duration_s} s`],
    ['sent', `${r.sent} (${r.sent_by_kind.command} commands, ${r.sent_by_kind.mention} mentions, ${r.sent_by_kind.retry} retries)`],
    ['acked 200', `${r.acked}`],
    ['errors (non-200)', `${r.errors}${r.errors ? ` (${Object.entries(r.errors_by_kind).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`],
    ['ack p50 / p99 / max', `${r.ack_p50_ms} / ${r.ack_p99_ms} / ${r.ack_max_ms} ms (target p99 ≤ ${TARGET.ackP99Ms})`],
    ['replies delivered', `${r.replies_delivered} of ${r.replies_expected} expected`],
    ['reply p50 / p99', `${r.reply_p50_ms} / ${r.reply_p99_ms} ms after the request`],
    ['lost', `${r.lost}`],
    ['fault replies', `${r.fault_replies} (the bot's apology for an error)`],
    ['busy replies', `${r.busy_replies} (turned away by a full dispatch queue, nothing done)`],
    ['duplicates', `${r.duplicates} (${r.retried_events} events redelivered, ${r.retried_duplicates} answered twice)`],
    ['unasked DMs', `${r.direct_messages} (the bot's own digests; ${r.strays} replies that matched no request)`],
    ['bot RSS idle / peak', r.rss_idle_mb === null ? 'n/a (no /proc)' : `${r.rss_idle_mb} / ${r.rss_peak_mb} MB`],
    ['bot CPU', r.bot_cpu_ms_per_request === null ? 'n/a (no /proc)' : `${r.bot_cpu_ms_per_request} ms per request, ${r.bot_cpu_core_percent}% of one core while sending`],
    ['Postgres CPU', r.postgres_cpu_ms_per_request === null ? 'n/a (not a server on this machine, or no /proc)' : `${r.postgres_cpu_ms_per_request} ms per request`],
    ['bot log errors / warnings', `${r.bot_log_errors} / ${r.bot_log_warnings}`],
    ['generator lag p99', `${r.send_lag_p99_ms} ms (loader event loop p99 ${r.loader_event_loop_p99_ms} ms)`],
    ['load average', `${r.load_average.start.toFixed(2)} → ${r.load_average.end.toFixed(2)} on ${r.cpus} CPUs`],
    ['machine CPU', r.machine_busy_percent === null ? 'n/a (no /proc)' : `${r.machine_busy_percent}% of all CPUs busy, ${r.machine_steal_percent}% stolen by the hypervisor`],
    ['target', r.met ? 'met' : 'NOT met'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const out = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (r.problems.length) out.push('', 'problems:', ...r.problems.map((p) => `  ${p}`));
  return out.join('\n');
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseLoadArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const result = await runLoad({ ...options, progress: (line) => console.error(line) });
  if (options.json) console.log(JSON.stringify(result));
  else console.log(formatLoad(result));
  return result.met ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
