/**
 * `npm run load`: signed Slack slash commands and Events API mentions at a steady, open-loop
 * rate against the bot's HTTP receiver on loopback, the Web API and response_url answered by a
 * local stub. Measures ack latency, replies delivered per request (lost, duplicated), HTTP
 * errors and the bot's RSS.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { localPostgresCpuMs, machineCpu, prepareDatabase, startBot, type BotProcess } from './bot-process.js';
import { summariseRun, type LoadResult, type Phase, type Sent } from './load-result.js';
import { startStubSlack, type StubSlack } from './stub-slack.js';
import { LINKED_USERS, createTraffic, displayNames, type LoadRequest, type Traffic } from './traffic.js';

export { TARGET, type LoadResult } from './load-result.js';

export interface LoadOptions {
  /** Requests per second (retries included). */
  rate: number;
  /** Seconds of sending. */
  duration: number;
  /** Demo data size. */
  scale: number;
  /** Seconds to wait after the last request for replies still on their way. */
  drain: number;
  /** Postgres server to create the throwaway database on; PGlite when unset. */
  serverUrl?: string;
  /** Warm-up requests before measuring (first-time users, JIT, pool). */
  warmup: number;
  /** Folder for a V8 CPU profile of the bot. */
  profileDir?: string;
  progress?: (line: string) => void;
}


export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const say = options.progress ?? (() => {});
  const loadStart = os.loadavg()[0]!;
  const signingSecret = randomBytes(16).toString('hex');
  const traffics: Traffic[] = [];
  const stub = await startStubSlack({ byThread: (ts) => traffics.map((t) => t.threads.get(ts)).find(Boolean) }, displayNames());
  let bot: BotProcess | undefined;
  say(`seeding the demo company (scale ${options.scale})…`);
  const database = await prepareDatabase({ scale: options.scale, serverUrl: options.serverUrl, linked: LINKED_USERS });
  // A connection per request: a reused idle socket can race the receiver's keep-alive timeout and
  // read as a reset that the bot never caused.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    say(`seeded in ${database.seedSeconds.toFixed(1)} s on ${database.description}; starting the bot…`);
    bot = await startBot({
      profileDir: options.profileDir,
      env: { ...database.env, SLACK_BOT_TOKEN: 'xoxb-load', SLACK_SIGNING_SECRET: signingSecret, PORT: '0', SLACK_API_URL: `${stub.url}/api/` },
    });
    const post = poster(bot.url, agent);

    if (options.warmup > 0) {
      say(`warming up (${options.warmup} requests)…`);
      const warm = createTraffic({ stubUrl: stub.url, signingSecret, seed: 7, prefix: 'w', epoch: 1_600_000_000 });
      traffics.push(warm);
      const rate = Math.min(options.rate, 50);
      const warmed = await sendPhase(warm, post, rate, options.warmup / rate);
      await waitForReplies(stub, logicalIds(warmed), options.drain);
      await sleep(1000);
    }

    const rssIdle = bot.rssMb();
    const cpuBefore = bot.cpuMs();
    const postgresBefore = database.local ? localPostgresCpuMs() : undefined;
    const machineBefore = machineCpu();
    let rssPeak = rssIdle ?? 0;
    const sampler = setInterval(() => {
      const now = bot?.rssMb();
      if (now !== undefined && now > rssPeak) rssPeak = now;
    }, 250);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();

    say(`sending ${options.rate}/s for ${options.duration} s…`);
    const traffic = createTraffic({ stubUrl: stub.url, signingSecret, seed: 1, prefix: 'r' });
    traffics.push(traffic);
    let cpuAfterSend: number | undefined;
    const running = bot;
    const phase = await sendPhase(traffic, post, options.rate, options.duration, () => {
      cpuAfterSend = running.cpuMs();
    });
    const ids = logicalIds(phase);
    say(`sent ${phase.sent.length}; waiting up to ${options.drain} s for replies…`);
    await waitForReplies(stub, ids, options.drain);
    // Late duplicates (a retry answered twice) arrive after the first reply: give them a moment.
    await sleep(1500);
    clearInterval(sampler);
    loop.disable();
    const cpuAfter = bot.cpuMs();
    const postgresAfter = postgresBefore === undefined ? undefined : localPostgresCpuMs();
    const machineAfter = machineCpu();
    // CPU to the end of the drain (the work the requests caused), wall clock of the sending only.
    const cpu = cpuBefore !== undefined && cpuAfter !== undefined && cpuAfterSend !== undefined
      ? { total: cpuAfter - cpuBefore, sending: cpuAfterSend - cpuBefore }
      : undefined;
    const postgresCpu = postgresBefore !== undefined && postgresAfter !== undefined ? postgresAfter - postgresBefore : undefined;
    const machine = machineBefore && machineAfter
      ? { total: machineAfter.total - machineBefore.total, idle: machineAfter.idle - machineBefore.idle, steal: machineAfter.steal - machineBefore.steal }
      : undefined;

    return summariseRun({ options, phase, ids, stub, bot, database: database.description, rssIdle, rssPeak, cpu, postgresCpu, machine, loop: loop.percentile(99) / 1e6, loadStart });
  } finally {
    agent.destroy();
    const code = await bot?.stop();
    if (code !== undefined && code !== 0 && code !== null) say(`the bot exited with code ${code}`);
    await stub.close();
    await database.dispose();
  }
}

type Post = (request: LoadRequest) => Promise<{ status: number; ackMs: number }>;

function poster(url: string, agent: http.Agent): Post {
  const target = new URL(url);
  return (request) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ackMs: performance.now() - started }));
          res.on('error', reject);
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('no ack within 10 s')));
      req.on('error', reject);
      req.end(request.body);
    });
}

/** Open loop: request k leaves at start + k/rate whatever the bot is doing, as Slack's traffic would. */
async function sendPhase(traffic: Traffic, post: Post, rate: number, seconds: number, onLastSlot?: () => void): Promise<Phase> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const sent: Sent[] = [];
  const lags: number[] = [];
  const inflight: Array<Promise<void>> = [];
  const fire = (request: LoadRequest, due: number) => {
    const entry: Sent = { request, sentAt: performance.now() };
    lags.push(entry.sentAt - due);
    sent.push(entry);
    inflight.push(
      post(request).then(
        (r) => {
          entry.status = r.status;
          entry.ackMs = r.ackMs;
        },
        (error: unknown) => {
          entry.error = error instanceof Error ? error.message : String(error);
        },
      ),
    );
  };
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let k = 0;
    const tick = () => {
      const now = performance.now();
      while (k < total && start + k * interval <= now) fire(traffic.next(rate), start + k++ * interval);
      if (k >= total) return resolve();
      setTimeout(tick, Math.max(0, start + k * interval - performance.now()));
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  onLastSlot?.();
  // Every mention due for a redelivery gets it, so the duplicate check covers all of them.
  for (const retry of traffic.drainRetries()) fire(retry, performance.now());
  await Promise.all(inflight);
  return { sent, lags, seconds: Math.max(elapsed, total / rate) };
}

/** The requests that each expect one reply (a retry repeats one of them). */
const logicalIds = (phase: Phase) => phase.sent.filter((s) => s.request.kind !== 'retry').map((s) => s.request.id);

async function waitForReplies(stub: StubSlack, ids: string[], seconds: number): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline && ids.some((id) => !stub.replies.has(id))) await sleep(100);
}

const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));
