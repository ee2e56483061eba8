/** What one load run measured, and how it is summarised from the raw sends and the stub's record. */
import os from 'node:os';
import { ms, summarise } from '../stats.js';
import type { BotProcess, MachineCpu } from './bot-process.js';
import type { StubSlack } from './stub-slack.js';
import type { LoadRequest } from './traffic.js';

export const TARGET = { rate: 200, duration: 60, ackP99Ms: 100 } as const;

export interface LoadResult {
  rate: number;
  duration_s: number;
  achieved_rate: number;
  database: string;
  scale: number;
  sent: number;
  sent_by_kind: { command: number; mention: number; retry: number };
  acked: number;
  errors: number;
  ack_p50_ms: number;
  ack_p99_ms: number;
  ack_max_ms: number;
  /** One per command and per mention (a retry expects none of its own). */
  replies_expected: number;
  replies_delivered: number;
  /** Requests with no reply `drain` seconds after the last send. */
  lost: number;
  /** Replies beyond the first for a request. */
  duplicates: number;
  /** Mentions redelivered with x-slack-retry-num, and how many of those got more than one reply. */
  retried_events: number;
  retried_duplicates: number;
  reply_p50_ms: number;
  reply_p99_ms: number;
  /** How late the generator sent against its schedule (the measuring side's own health). */
  send_lag_p99_ms: number;
  loader_event_loop_p99_ms: number;
  /** The bot's CPU time (all threads) over the measured phase, per request sent and as a share of one core. */
  bot_cpu_ms_per_request: number | null;
  bot_cpu_core_percent: number | null;
  /** CPU of a Postgres server on this machine per request (all its processes), null otherwise. */
  postgres_cpu_ms_per_request: number | null;
  /** Replies that were the dispatcher's apology for a fault (the database pool timing out, say). */
  fault_replies: number;
  /** Replies that turned the request away because the bot's dispatch queue was full (nothing done). */
  busy_replies: number;
  rss_idle_mb: number | null;
  rss_peak_mb: number | null;
  bot_log_errors: number;
  bot_log_warnings: number;
  /** Replies the stub could not tie to a request (should be 0). */
  strays: number;
  /** Messages the bot sent unasked to a user's DM during the run (the overdue digest). */
  direct_messages: number;
  load_average: { start: number; end: number };
  cpus: number;
  /**
   * The whole machine over the measured phase, as a share of all its CPUs: busy (bot, Postgres,
   * the generator and anything else) and stolen by the hypervisor. Null without /proc.
   */
  machine_busy_percent: number | null;
  machine_steal_percent: number | null;
  met: boolean;
  /** The first reply to each kind of request (its text, shortened): proof the bot answered, not just acked. */
  reply_samples: Record<string, string>;
  /** Non-200 outcomes by kind (HTTP status or the connection error). */
  errors_by_kind: Record<string, number>;
  /** Examples of what went wrong, for the report. */
  problems: string[];
}
/** The dispatcher's fault replies (src/handlers/common/replies.ts). */
const FAULT = /something went wrong on my side|couldn’t reach the database/;
/** The dispatch queue's reply when it is full (src/app/dispatch-queue.ts). */
const BUSY = /answering a lot of requests right now/;

export interface Sent {
  request: LoadRequest;
  sentAt: number;
  status?: number;
  ackMs?: number;
  error?: string;
}

export interface Phase {
  sent: Sent[];
  lags: number[];
  seconds: number;
}

export function summariseRun(input: {
  options: { rate: number; duration: number; scale: number };
  phase: Phase;
  ids: string[];
  stub: StubSlack;
  bot: BotProcess;
  database: string;
  rssIdle: number | undefined;
  rssPeak: number;
  cpu: { total: number; sending: number } | undefined;
  /** CPU of the local Postgres server over the same span as `cpu.total`, in ms. */
  postgresCpu?: number;
  /** /proc/stat ticks over the measuring, all CPUs. */
  machine?: MachineCpu;
  loop: number;
  loadStart: number;
}): LoadResult {
  const { options, phase, ids, stub, bot } = input;
  const problems: string[] = [];
  const acks = phase.sent.filter((s) => s.status === 200).map((s) => s.ackMs!);
  const failed = phase.sent.filter((s) => s.status !== 200);
  for (const f of failed.slice(0, 5)) problems.push(`${f.request.kind} ${f.request.id}: ${f.error ?? `HTTP ${f.status}`}`);
  const ack = summarise(acks);
  const byId = new Map(phase.sent.filter((s) => s.request.kind !== 'retry').map((s) => [s.request.id, s]));
  const retried = new Set(phase.sent.filter((s) => s.request.kind === 'retry').map((s) => s.request.id));
  let delivered = 0;
  let lost = 0;
  let duplicates = 0;
  let retriedDuplicates = 0;
  let faults = 0;
  let busy = 0;
  const replyMs: number[] = [];
  const samples: Record<string, string> = {};
  for (const id of ids) {
    const replies = stub.replies.get(id) ?? [];
    delivered += replies.length;
    faults += replies.filter((r) => FAULT.test(r.text)).length;
    busy += replies.filter((r) => BUSY.test(r.text)).length;
    if (replies.length === 0) {
      lost++;
      if (lost <= 5) problems.push(`no reply to ${byId.get(id)?.request.kind} ${id}`);
    }
    if (replies.length > 1) {
      duplicates += replies.length - 1;
      if (retried.has(id)) retriedDuplicates++;
      if (duplicates <= 5) problems.push(`${replies.length} replies to ${id} (${replies.map((r) => r.via).join(', ')})`);
    }
    const first = replies[0];
    if (!first) continue;
    const sent = byId.get(id)!;
    replyMs.push(first.at - sent.sentAt);
    const key = `${sent.request.kind}: ${sent.request.text}`;
    samples[key] ??= first.text.replace(/\s+/g, ' ').slice(0, 160);
  }
  const reply = summarise(replyMs);
  const log = bot.logLines();
  const level = (line: string) => Number(/"level":(\d+)/.exec(line)?.[1] ?? 50);
  const botErrors = log.filter((l) => level(l) >= 50);
  for (const line of botErrors.slice(0, 3)) problems.push(`bot: ${line.slice(0, 300)}`);
  for (const line of log.filter((l) => level(l) === 40).slice(0, 3)) problems.push(`bot warning: ${line.slice(0, 300)}`);
  const kinds = { command: 0, mention: 0, retry: 0 };
  for (const s of phase.sent) kinds[s.request.kind]++;
  const lags = summarise(phase.lags);
  const result: LoadResult = {
    rate: options.rate,
    duration_s: options.duration,
    achieved_rate: Math.round((phase.sent.length / phase.seconds) * 10) / 10,
    database: input.database,
    scale: options.scale,
    sent: phase.sent.length,
    sent_by_kind: kinds,
    acked: acks.length,
    errors: failed.length,
    ack_p50_ms: ms(ack.p50),
    ack_p99_ms: ms(ack.p99),
    ack_max_ms: ms(ack.max),
    replies_expected: ids.length,
    replies_delivered: delivered,
    lost,
    duplicates,
    retried_events: retried.size,
    retried_duplicates: retriedDuplicates,
    reply_p50_ms: ms(reply.p50),
    reply_p99_ms: ms(reply.p99),
    send_lag_p99_ms: ms(lags.p99),
    loader_event_loop_p99_ms: ms(input.loop),
    bot_cpu_ms_per_request: input.cpu ? Math.round((input.cpu.total / phase.sent.length) * 100) / 100 : null,
    bot_cpu_core_percent: input.cpu ? Math.round((input.cpu.sending / (phase.seconds * 1000)) * 100) : null,
    postgres_cpu_ms_per_request: input.postgresCpu === undefined ? null : Math.round((input.postgresCpu / phase.sent.length) * 100) / 100,
    fault_replies: faults,
    busy_replies: busy,
    rss_idle_mb: input.rssIdle === undefined ? null : Math.round(input.rssIdle),
    rss_peak_mb: input.rssIdle === undefined ? null : Math.round(input.rssPeak),
    bot_log_errors: botErrors.length,
    bot_log_warnings: log.filter((l) => level(l) === 40).length,
    strays: stub.strays.length,
    direct_messages: stub.directMessages.length,
    load_average: { start: input.loadStart, end: os.loadavg()[0]! },
    cpus: os.cpus().length,
    machine_busy_percent: input.machine ? percent(input.machine.total - input.machine.idle - input.machine.steal, input.machine.total) : null,
    machine_steal_percent: input.machine ? percent(input.machine.steal, input.machine.total) : null,
    met: false,
    errors_by_kind: countBy(failed.map((f) => f.error ?? `HTTP ${f.status}`)),
    reply_samples: samples,
    problems,
  };
  result.met =
    result.fault_replies === 0 && result.busy_replies === 0 &&
    result.errors === 0 && result.lost === 0 && result.duplicates === 0 && result.acked === result.sent && result.ack_p99_ms <= TARGET.ackP99Ms;
  return result;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
