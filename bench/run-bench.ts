/**
 * `rapport bench`: parser throughput, then end-to-end latency through the dispatcher (parse →
 * database → Reply) for lookups, writes and every report kind, each read paired with the same
 * statements replayed as bare SQL on the same connection pool, so the handler overhead is a ratio
 * measured in the same run. Seeds its own data on an empty database.
 */
import os from 'node:os';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { setConsoleUser } from '../src/app/console-user.js';
import { createDispatcher } from '../src/app/dispatcher.js';
import type { Envelope } from '../src/app/envelope.js';
import { silentLogger } from '../src/app/logger.js';
import { chartsEnabled, settleCharts } from '../src/charts/chart-block.js';
import { resolveCustomer } from '../src/crm/customers/customer.service.js';
import type { Database } from '../src/db/database.js';
import type { OpenDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createUnderstanding, type Understanding } from '../src/intents/llm/understand.js';
import { actionsOf, type Reply } from '../src/reply/reply.js';
import { DEFAULT_SEED_NOW, customerCount, seedDemo } from '../src/seed/index.js';
import { measureParse } from './parse-throughput.js';
import { QueryRecorder, isBookkeeping, needsTransaction, replay } from './query-recorder.js';
import { ms, summarise, timed, type Summary } from './stats.js';

export interface BenchOptions {
  /** Data size to seed on an empty database (and to expect on a full one). */
  scale: number;
  /** Timed iterations per measure (after a warm-up). */
  iterations: number;
  /** The "as of" instant of the data: the seed's `now` and the dispatcher's clock. */
  now?: Date;
  /** Progress and notes (stderr). */
  progress?: (line: string) => void;
  /**
   * Instead of timing: print EXPLAIN (ANALYZE, BUFFERS) of every statement each lookup and report
   * sends (to `explainOut`), and stop there.
   */
  explain?: boolean;
  explainOut?: (text: string) => void;
}

/** One measured line: what `--json` prints, one object per line. */
export interface BenchLine {
  name: string;
  n: number;
  p50_ms: number;
  p99_ms: number;
  /** The slowest run: p99 of 100 runs is the second slowest, so a single stall shows here. */
  max_ms?: number;
  /** The same statements replayed as bare SQL (reads only). */
  sql_p50_ms?: number;
  sql_p99_ms?: number;
  /** Handler p50 / bare SQL p50. */
  ratio?: number;
  /**
   * Every statement the message sends replayed in order, the dispatcher's own included (the user
   * and memory load, the event's idempotency mark, the memory save): what the handler costs on
   * top of all its round trips. Reported beside the target, not part of it.
   */
  all_sql_p50_ms?: number;
  /** Handler p50 / all_sql_p50_ms. */
  ratio_all?: number;
  /** Statements replayed as the bare SQL, and all the message sent (of the first text asked). */
  statements?: number;
  all_statements?: number;
  /** Parser only. */
  per_second?: number;
  target_p99_ms?: number;
  target_ratio?: number;
  /** Whether every target of this line is met. */
  met?: boolean;
  /** How the replies came out, e.g. { ok: 47, pick: 3 }: a lookup that asks to pick is still a lookup. */
  outcomes?: Record<string, number>;
}

export interface BenchResult {
  database: { kind: 'postgres' | 'pglite'; description: string; indicative: boolean };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadAverage: { start: number; end: number } };
  data: { scale: number; expectedCustomers: number; seededNow: boolean; seedSeconds?: number; rows: Record<string, number> };
  iterations: number;
  warmup: number;
  now: string;
  user: { name: string; role: string; timeZone: string };
  lines: BenchLine[];
  memory: { rssIdleMb: number; rssAfterMb: number; heapUsedAfterMb: number };
  notes: string[];
}

export const WRITE_TARGET_P99_MS = 25;
export const REPORT_TARGET_P99_MS = 150;
export const RATIO_TARGET = 1.5;

const SIZE_TABLES = ['customers', 'contacts', 'activities', 'orders', 'order_lines', 'tickets', 'deals'] as const;

/** One message per report kind, as a manager would ask it; `table` when its reply has no chart. */
export const REPORT_MESSAGES: ReadonlyArray<{ name: string; text: string; table?: true }> = [
  { name: 'report.segments', text: 'customer segments this month' },
  { name: 'report.top_customers', text: 'top 10 customers last month', table: true },
  { name: 'report.revenue', text: 'revenue this month' },
  { name: 'report.revenue_by_month', text: 'revenue by month this year' },
  { name: 'report.pipeline', text: 'pipeline' },
  { name: 'report.tickets', text: 'ticket report this month' },
  { name: 'report.activities', text: 'activities this month' },
];

// Markers on what the bench writes, so a run that was killed half-way is cleaned up by the next.
const ACTIVITY_MARK = 'bench check';
const TICKET_MARK = 'bench ticket';
const EVENT_PREFIX = 'bench-';
const CHANNEL = 'bench';

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

/** "Northwind Traders" → "Nortwhind Traders": two letters swapped inside the longest word. */
export function typo(name: string): string {
  const words = name.split(' ');
  let at = 0;
  words.forEach((w, i) => {
    if (w.length > words[at]!.length) at = i;
  });
  const w = words[at]!;
  if (w.length < 4) return name;
  const i = Math.floor(w.length / 2) - 1;
  words[at] = w.slice(0, i) + w[i + 1]! + w[i]! + w.slice(i + 2);
  return words.join(' ');
}

function outcomeOf(r: Reply | null): string {
  if (!r) return 'none';
  if (actionsOf(r).some((a) => a.ref.verb === 'pick')) return 'pick';
  for (const block of r.blocks) {
    if (block.type === 'text' && (block.tone === 'warning' || block.tone === 'error')) return block.tone;
  }
  return 'ok';
}

export async function runBench(open: OpenDatabase, options: BenchOptions): Promise<BenchResult> {
  const progress = options.progress ?? (() => {});
  const db = open.db;
  const now = options.now ?? DEFAULT_SEED_NOW;
  const iterations = options.iterations;
  const warmup = Math.max(2, Math.min(10, Math.ceil(iterations / 10)));
  const notes: string[] = [];
  const indicative = open.target.kind === 'pglite';
  const loadStart = os.loadavg()[0]!;

  await migrateToLatest(db);
  const rssIdle = process.memoryUsage().rss;

  // ---- data --------------------------------------------------------------------------------
  const expectedCustomers = customerCount(options.scale);
  const existing = await countRows(db, 'customers');
  let seededNow = false;
  let seedSeconds: number | undefined;
  if (existing === 0) {
    progress(`seeding ${expectedCustomers.toLocaleString('en-US')} customers (scale ${options.scale}) as of ${now.toISOString()}…`);
    const started = performance.now();
    await seedDemo(db, {
      scale: options.scale,
      mix: 'bench',
      now,
      onProgress: expectedCustomers > 5000 ? (done, all) => done % 10_000 === 0 && progress(`  ${done}/${all} customers`) : undefined,
    });
    seedSeconds = Math.round((performance.now() - started) / 100) / 10;
    seededNow = true;
    progress(`seeded in ${seedSeconds} s; vacuum analyze…`);
    await sql`vacuum analyze`.execute(db);
  } else {
    if (Math.abs(existing - expectedCustomers) > Math.max(5, expectedCustomers * 0.05)) {
      notes.push(
        `the database already has ${existing.toLocaleString('en-US')} customers; scale ${options.scale} would be ` +
          `${expectedCustomers.toLocaleString('en-US')}. Measuring the data as it is (an empty database is seeded to the scale).`,
      );
    }
    if (await neverAnalyzed(db)) {
      progress('tables were never analyzed: vacuum analyze…');
      await sql`vacuum analyze`.execute(db);
    }
  }
  await cleanupMarked(db);
  const rows: Record<string, number> = {};
  for (const table of SIZE_TABLES) rows[table] = await countRows(db, table);

  // ---- who asks, and what about ------------------------------------------------------------
  const user = await setConsoleUser(db, {});
  if (user.role !== 'manager' && user.role !== 'admin') notes.push(`console user ${user.name} is a ${user.role}, not a manager`);
  const { lookupNames, writeTargets } = await pickCustomers(db);
  progress(`${lookupNames.length} customers to look up (typo'd), ${writeTargets.length} to write to`);

  const recorder = new QueryRecorder();
  const recordingDb = db.withPlugin(recorder);
  let afterUnderstanding: (() => void) | undefined;
  const rules = createUnderstanding({ logger: silentLogger });
  const understanding: Understanding = {
    async understand(text, opts) {
      const understood = await rules.understand(text, opts);
      afterUnderstanding?.();
      return understood;
    },
  };
  const clock = () => now;
  const dispatcher = createDispatcher({ db, logger: silentLogger, understanding: rules, now: clock });
  const recording = createDispatcher({ db: recordingDb, logger: silentLogger, understanding, now: clock });

  let sequence = 0;
  const envelope = (text: string, chartsFollow = false): Envelope & { eventId: string } => ({
    platform: 'console',
    workspaceId: 'local',
    userId: user.name.toLowerCase(),
    userName: user.name,
    channelId: CHANNEL,
    isDirect: true,
    eventId: `${EVENT_PREFIX}${process.pid}-${++sequence}`,
    ...(chartsFollow ? { chartsFollow } : {}),
    input: { kind: 'message', text },
  });

  interface Captured {
    /** The handler's statements after the message was understood, minus the dispatcher's bookkeeping. */
    queries: CompiledQuery[];
    tx: boolean;
    /** Every statement of the message, in order. */
    all: CompiledQuery[];
    allTx: boolean;
    /** The event id the message was sent with (its idempotency mark is in `all`). */
    eventId: string;
  }

  async function capture(text: string): Promise<Captured> {
    let understoodAt = 0;
    afterUnderstanding = () => {
      understoodAt = recorder.size;
    };
    const sent = envelope(text);
    recorder.start();
    try {
      await recording.dispatch(sent);
    } finally {
      afterUnderstanding = undefined;
    }
    const all = recorder.stop(db);
    const queries = all.slice(understoodAt).filter((q) => !isBookkeeping(q));
    return { queries, tx: needsTransaction(queries), all, allTx: needsTransaction(all), eventId: sent.eventId };
  }

  const lines: BenchLine[] = [];

  if (options.explain) {
    const out = options.explainOut ?? ((text: string) => process.stdout.write(`${text}\n`));
    process.env.RAPPORT_CHARTS = 'off';
    const reads = [
      { name: 'lookup', text: `who is ${typo(lookupNames[0]!)}?` },
      ...REPORT_MESSAGES,
    ];
    for (const read of reads) {
      const { queries } = await capture(read.text);
      out(`=== ${read.name}: "${read.text}" (${queries.length} statements)`);
      for (const plan of await explainAll(db, queries)) out(plan);
    }
    return { ...emptyResultFor(open, options, expectedCustomers, rows, now, user), notes };
  }

  // ---- parser ------------------------------------------------------------------------------
  progress('parse…');
  const parse = measureParse(Math.max(1, Math.min(20, iterations)));
  lines.push({ name: 'parse', n: parse.latency.n, p50_ms: ms(parse.latency.p50), p99_ms: ms(parse.latency.p99), per_second: parse.perSecond });

  // ---- reads: handler vs bare SQL ----------------------------------------------------------
  /**
   * `chartsFollow`: asked as Slack and Discord ask, where the message goes out before its chart
   * is drawn; a second line, "… drawn", times the reply until its chart is in it (the terminal).
   */
  async function measureRead(name: string, texts: readonly string[], targetP99: number, ratioTarget = true, chartsFollow = false): Promise<void> {
    progress(`${name}…`);
    const captured: Captured[] = [];
    // Asked once first, so what is captured is the steady state: on a fresh database the first
    // "segments" scores the whole base (seconds) and stores a snapshot that later asks only read.
    // Each text is captured after the one before it, as the timed runs ask them, so a lookup's
    // capture includes the memory save of a customer newly in mind.
    for (const [k, text] of texts.entries()) {
      await dispatcher.dispatch(envelope(text));
      if (texts.length > 1) await dispatcher.dispatch(envelope(texts[(k + texts.length - 1) % texts.length]!));
      captured.push(await capture(text));
    }
    const handler: number[] = [];
    const drawn: number[] = [];
    const bare: number[] = [];
    const bareAll: number[] = [];
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < warmup + iterations; i++) {
      const k = i % texts.length;
      let r: Reply | null = null;
      const h = await timed(async () => {
        r = await dispatcher.dispatch(envelope(texts[k]!, chartsFollow));
      });
      const c = chartsFollow && r ? await timed(() => settleCharts(r!)) : 0;
      const b = await timed(() => replay(db, captured[k]!.queries, captured[k]!.tx));
      // Under a new event id each time: the mark then inserts and commits as a new message's does,
      // where the captured id would only find its row taken and write nothing.
      const all = asNewEvent(captured[k]!.all, captured[k]!.eventId, `${captured[k]!.eventId}-replay-${i}`);
      const a = await timed(() => replay(db, all, captured[k]!.allTx));
      if (i < warmup) continue;
      handler.push(h);
      drawn.push(h + c);
      bare.push(b);
      bareAll.push(a);
      const o = outcomeOf(r);
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
    const counts = { statements: captured[0]!.queries.length, all_statements: captured[0]!.all.length };
    lines.push(readLine(name, summarise(handler), summarise(bare), summarise(bareAll), counts, targetP99, ratioTarget, outcomes));
    if (chartsFollow) {
      const d = summarise(drawn);
      lines.push({ name: `${name} drawn`, n: d.n, p50_ms: ms(d.p50), p99_ms: ms(d.p99), max_ms: ms(d.max), target_p99_ms: targetP99, met: d.p99 <= targetP99 });
    }
  }

  await measureRead('lookup', lookupNames.map((n) => `who is ${typo(n)}?`), WRITE_TARGET_P99_MS);
  // The same customers by their exact names, as people mostly type them.
  await measureRead('lookup.exact', lookupNames.map((n) => `who is ${n}?`), WRITE_TARGET_P99_MS);
  // Reports twice: without charts (the handler against its SQL), then as the bot answers by
  // default, with the PNG chart drawn in the handler (unless RAPPORT_CHARTS=off).
  const chartsSetting = process.env.RAPPORT_CHARTS;
  const charts = chartsEnabled();
  try {
    process.env.RAPPORT_CHARTS = 'off';
    for (const report of REPORT_MESSAGES) await measureRead(report.name, [report.text], REPORT_TARGET_P99_MS);
    if (charts) {
      delete process.env.RAPPORT_CHARTS;
      const charted = REPORT_MESSAGES.filter((report) => !report.table);
      // "+chart": drawn every time, as after each change to the data (the chart cache off): the
      // message as Slack and Discord post it, before the chart; "+chart drawn": until the chart is in the reply.
      // "+chart again": the same report asked again with nothing changed, served from the cache.
      const cacheSetting = process.env.RAPPORT_CHART_CACHE_MB;
      try {
        process.env.RAPPORT_CHART_CACHE_MB = '0';
        for (const report of charted) await measureRead(`${report.name}+chart`, [report.text], REPORT_TARGET_P99_MS, false, true);
      } finally {
        if (cacheSetting === undefined) delete process.env.RAPPORT_CHART_CACHE_MB;
        else process.env.RAPPORT_CHART_CACHE_MB = cacheSetting;
      }
      for (const report of charted) await measureRead(`${report.name}+chart again`, [report.text], REPORT_TARGET_P99_MS, false);
    } else {
      notes.push('charts are off (RAPPORT_CHARTS): reports were measured without them only');
    }
  } finally {
    if (chartsSetting === undefined) delete process.env.RAPPORT_CHARTS;
    else process.env.RAPPORT_CHARTS = chartsSetting;
  }

  // ---- writes (deleted again afterwards) ----------------------------------------------------
  const before = await maxIds(db);
  try {
    async function measureWrite(name: string, textFor: (i: number) => string): Promise<Reply | null> {
      progress(`${name}…`);
      const times: number[] = [];
      const outcomes: Record<string, number> = {};
      let last: Reply | null = null;
      for (let i = 0; i < warmup + iterations; i++) {
        const text = textFor(i);
        const t = await timed(async () => {
          last = await dispatcher.dispatch(envelope(text));
        });
        if (i < warmup) continue;
        times.push(t);
        const o = outcomeOf(last);
        outcomes[o] = (outcomes[o] ?? 0) + 1;
      }
      const s = summarise(times);
      lines.push({
        name, n: s.n, p50_ms: ms(s.p50), p99_ms: ms(s.p99), max_ms: ms(s.max), target_p99_ms: WRITE_TARGET_P99_MS,
        met: s.p99 <= WRITE_TARGET_P99_MS, outcomes,
      });
      return last;
    }
    const target = (i: number) => writeTargets[i % writeTargets.length]!;
    await measureWrite('log_activity', (i) => `log a call with ${target(i)}: ${ACTIVITY_MARK} ${i}, pricing questions`);
    await measureWrite('create_ticket', (i) => `open a ticket for ${target(i)}: ${TICKET_MARK} ${i}, export stuck`);
    const ticket = await db
      .selectFrom('tickets')
      .select('number')
      .where('id', '>', before.tickets)
      .where('subject', 'like', `${TICKET_MARK}%`)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (ticket) {
      await measureWrite('update_ticket', (i) => `ticket ${ticket.number} priority ${i % 2 === 0 ? 'urgent' : 'low'}`);
    } else {
      notes.push('no bench ticket was created, so update_ticket was not measured');
    }
  } finally {
    const removed = await deleteAfter(db, before);
    progress(`removed what the writes added: ${Object.entries(removed).map(([t, n]) => `${n} ${t}`).join(', ')}`);
  }

  const memory = process.memoryUsage();
  return {
    database: { kind: open.target.kind, description: open.description, indicative },
    machine: machineInfo(loadStart),
    data: { scale: options.scale, expectedCustomers, seededNow, seedSeconds, rows },
    iterations,
    warmup,
    now: now.toISOString(),
    user: { name: user.name, role: user.role, timeZone: user.time_zone },
    lines,
    memory: { rssIdleMb: mb(rssIdle), rssAfterMb: mb(memory.rss), heapUsedAfterMb: mb(memory.heapUsed) },
    notes,
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement in order, in one transaction rolled back at the end. */
async function explainAll(db: Kysely<Database>, queries: readonly CompiledQuery[]): Promise<string[]> {
  const plans: string[] = [];
  const rollback = new Error('rollback');
  await db
    .transaction()
    .execute(async (tx) => {
      for (const q of queries) {
        if (/\b(set_config|current_setting)\s*\(/i.test(q.sql)) {
          await tx.executeQuery(q);
          continue;
        }
        const explained = await tx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]),
        );
        plans.push(`--- ${q.sql.replace(/\s+/g, ' ').trim()}\n    params: ${JSON.stringify(q.parameters)}`);
        plans.push(explained.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return plans;
}

function emptyResultFor(
  open: OpenDatabase, options: BenchOptions, expectedCustomers: number, rows: Record<string, number>, now: Date,
  user: { name: string; role: string; time_zone: string },
): BenchResult {
  return {
    database: { kind: open.target.kind, description: open.description, indicative: open.target.kind === 'pglite' },
    machine: machineInfo(os.loadavg()[0]!),
    data: { scale: options.scale, expectedCustomers, seededNow: false, rows },
    iterations: 0,
    warmup: 0,
    now: now.toISOString(),
    user: { name: user.name, role: user.role, timeZone: user.time_zone },
    lines: [],
    memory: { rssIdleMb: 0, rssAfterMb: mb(process.memoryUsage().rss), heapUsedAfterMb: mb(process.memoryUsage().heapUsed) },
    notes: [],
  };
}

function machineInfo(loadStart: number): BenchResult['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: { start: Math.round(loadStart * 10) / 10, end: Math.round(os.loadavg()[0]! * 10) / 10 },
  };
}

/** The statements with every parameter that was the event's id set to `fresh`. */
function asNewEvent(queries: readonly CompiledQuery[], eventId: string, fresh: string): CompiledQuery[] {
  return queries.map((q) =>
    q.parameters.includes(eventId) ? CompiledQuery.raw(q.sql, q.parameters.map((p) => (p === eventId ? fresh : p))) : q,
  );
}

function readLine(
  name: string, handler: Summary, bare: Summary, bareAll: Summary, counts: { statements: number; all_statements: number },
  targetP99: number, ratioTarget: boolean, outcomes: Record<string, number>,
): BenchLine {
  const ratio = handler.p50 / bare.p50;
  return {
    name,
    n: handler.n,
    p50_ms: ms(handler.p50),
    p99_ms: ms(handler.p99),
    max_ms: ms(handler.max),
    sql_p50_ms: ms(bare.p50),
    sql_p99_ms: ms(bare.p99),
    ratio: Math.round(ratio * 100) / 100,
    all_sql_p50_ms: ms(bareAll.p50),
    ratio_all: Math.round((handler.p50 / bareAll.p50) * 100) / 100,
    ...counts,
    target_p99_ms: targetP99,
    ...(ratioTarget ? { target_ratio: RATIO_TARGET } : {}),
    met: handler.p99 <= targetP99 && (!ratioTarget || ratio <= RATIO_TARGET),
    outcomes,
  };
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function neverAnalyzed(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int8 as n from pg_stat_user_tables
    where relname in ('customers', 'activities', 'orders', 'tickets', 'deals')
      and last_analyze is null and last_autoanalyze is null`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Customers with plain names (letters, digits, spaces, & . ' -; no "at"/"with"/"for" that the
 * grammar reads as structure), spread evenly over the table: 40 to look up with a typo, and up to
 * 10 whose exact name resolves to exactly one customer, to log activities and open tickets on.
 */
async function pickCustomers(db: Kysely<Database>): Promise<{ lookupNames: string[]; writeTargets: string[] }> {
  const { rows } = await sql<{ name: string }>`
    select name from (
      select name, row_number() over (order by id) as pos, count(*) over () as total
      from customers
      where name ~ '^[A-Za-z][A-Za-z0-9 &.''-]{3,40}$' and name !~* '\\m(at|with|for|on|to|about)\\M'
    ) c
    where pos % greatest(1, total / 60) = 0
    order by pos
    limit 60`.execute(db);
  const names = rows.map((r) => r.name);
  const lookupNames = names.slice(0, 40);
  const writeTargets: string[] = [];
  for (const name of names) {
    if (writeTargets.length >= 10) break;
    if ((await resolveCustomer(db, name)).kind === 'match') writeTargets.push(name);
  }
  if (lookupNames.length === 0 || writeTargets.length === 0) throw new Error('no customers with plain names to benchmark on');
  return { lookupNames, writeTargets };
}

const GROWING = ['activities', 'reminders', 'tickets', 'ticket_comments', 'audit_log'] as const;
type Growing = (typeof GROWING)[number];

async function maxIds(db: Kysely<Database>): Promise<Record<Growing, number>> {
  const out = {} as Record<Growing, number>;
  for (const table of GROWING) {
    const { rows } = await sql<{ id: number | null }>`select max(id)::int8 as id from ${sql.table(table)}`.execute(db);
    out[table] = Number(rows[0]?.id ?? 0);
  }
  return out;
}

/** Deletes every row the writes added (children first), plus the bench's idempotency marks and memory. */
async function deleteAfter(db: Kysely<Database>, before: Record<Growing, number>): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const table of ['ticket_comments', 'reminders', 'audit_log', 'activities', 'tickets'] as const) {
    const result = await sql`delete from ${sql.table(table)} where id > ${before[table]}`.execute(db);
    removed[table] = Number(result.numAffectedRows ?? 0n);
  }
  await cleanupMarked(db);
  return removed;
}

/** What an earlier, interrupted run may have left: its marked rows, event marks and conversation memory. */
async function cleanupMarked(db: Kysely<Database>): Promise<void> {
  await sql`delete from processed_events where event_id like ${`${EVENT_PREFIX}%`}`.execute(db);
  await sql`delete from conversation_state where platform = 'console' and channel_id = ${CHANNEL}`.execute(db);
  await sql`delete from tickets where subject like ${`${TICKET_MARK}%`}`.execute(db);
  await sql`delete from activities where summary like ${`${ACTIVITY_MARK}%`}`.execute(db);
}
