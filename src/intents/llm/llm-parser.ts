/**
 * The LLM path of the intent parser: one Chat Completions call with one strict tool per intent.
 * The model sees only the system prompt (clock and conventions) and the user's message, never
 * CRM data. Its tool call is data like any other input: it goes through `validateIntent`, and
 * anything off-catalog is refused. It never throws: every failure is a closed `reason` the
 * caller turns into a fallback, so a slow or broken provider cannot break the chat.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  RateLimitError,
} from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { intentSchemas, validateIntent, type Intent } from '../catalog.js';
import type { ParseOptions } from '../types.js';
import { buildIntentPrompt } from './prompt.js';
import { INTENT_TOOLS, stripNulls } from './tools.js';

export type LlmFailure =
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  /** A 4xx other than 429 (bad key, unknown model, schema refused): retrying cannot help. */
  | 'rejected'
  | 'invalid_output'
  | 'no_tool_call'
  | 'network';

export type LlmOutcome = { ok: true; intent: Intent } | { ok: false; reason: LlmFailure };

export interface LlmParser {
  parse(text: string, opts: ParseOptions): Promise<LlmOutcome>;
}

/** The part of a pino logger this module uses, so tests and callers can pass anything similar. */
export interface LlmLogger {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface LlmParserOptions {
  apiKey: string;
  /** For OpenAI-compatible servers (a local model, a gateway). */
  baseURL?: string;
  model?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts after the first; kept small so the whole call fits a chat reply's deadline. */
  maxRetries?: number;
  /** The longest server-requested wait (retry-after) worth honouring before a retry. */
  maxRetryWaitMs?: number;
  logger?: LlmLogger;
}

/** Longer messages are not commands; the cap also bounds what leaves the machine. */
export const MAX_MESSAGE_CHARS = 2000;

const DEFAULT_BACKOFF_MS = 200;

const RETRYABLE = new Set<LlmFailure>(['timeout', 'rate_limited', 'server_error', 'network']);

function classify(error: unknown): LlmFailure {
  // Order matters: the timeout error is a connection error, and abort is an APIError.
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) return 'timeout';
  if (error instanceof APIConnectionError) return 'network';
  if (error instanceof RateLimitError) return 'rate_limited';
  if (error instanceof APIError && typeof error.status === 'number') {
    return error.status >= 500 || error.status === 408 || error.status === 409 ? 'server_error' : 'rejected';
  }
  return 'network';
}

/** How long the server asked us to wait, from `retry-after-ms` or `retry-after` (seconds or a date). */
function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof APIError) || !(error.headers instanceof Headers)) return undefined;
  const ms = Number.parseFloat(error.headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return Math.max(0, ms);
  const header = error.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads the single tool call of a completion back into a validated intent. */
export function intentFromCompletion(completion: ChatCompletion): LlmOutcome {
  const calls = completion.choices[0]?.message?.tool_calls ?? [];
  if (calls.length === 0) return { ok: false, reason: 'no_tool_call' };
  // parallel_tool_calls is off; several calls anyway means the model is confused: trust none.
  const call = calls[0];
  if (calls.length > 1 || call === undefined || call.type !== 'function') return { ok: false, reason: 'invalid_output' };
  const name = call.function?.name;
  // Own keys only: `validateIntent` uses `in`, which "constructor" or "toString" would pass.
  if (typeof name !== 'string' || !Object.hasOwn(intentSchemas, name)) return { ok: false, reason: 'invalid_output' };
  // Some OpenAI-compatible servers send arguments as an object, or nothing, instead of a string.
  const raw: unknown = call.function.arguments;
  let args: unknown;
  try {
    args = typeof raw !== 'string' ? raw : raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'invalid_output' };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return { ok: false, reason: 'invalid_output' };
  const intent = validateIntent({ intent: name, slots: stripNulls(args) });
  return intent ? { ok: true, intent } : { ok: false, reason: 'invalid_output' };
}

export function createLlmParser(options: LlmParserOptions): LlmParser {
  const {
    apiKey,
    baseURL,
    model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini',
    timeoutMs = 4000,
    maxRetries = 1,
    maxRetryWaitMs = 1000,
    logger,
  } = options;
  // Retries are ours, not the client's: the client would honour any retry-after (even minutes)
  // with an uninterruptible sleep, which would blow the chat deadline.
  const client = new OpenAI({ apiKey, baseURL: baseURL ?? null, timeout: timeoutMs, maxRetries: 0 });

  async function attempt(text: string, opts: ParseOptions): Promise<LlmOutcome> {
    const completion = await client.chat.completions.create(
      {
        model,
        temperature: 0,
        messages: [
          { role: 'system', content: buildIntentPrompt(opts) },
          { role: 'user', content: text.slice(0, MAX_MESSAGE_CHARS) },
        ],
        tools: [...INTENT_TOOLS],
        tool_choice: 'required',
        parallel_tool_calls: false,
      },
      // A hard stop per attempt besides the client's timeout, which only covers the headers.
      { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) },
    );
    try {
      return intentFromCompletion(completion);
    } catch {
      // A body the SDK accepted but shaped oddly (a non-compliant server): output, not network.
      return { ok: false, reason: 'invalid_output' };
    }
  }

  async function parse(text: string, opts: ParseOptions): Promise<LlmOutcome> {
    const started = Date.now();
    for (let attemptNo = 0; ; attemptNo++) {
      let outcome: LlmOutcome;
      let wait: number | undefined;
      try {
        outcome = await attempt(text, opts);
      } catch (error) {
        outcome = { ok: false, reason: classify(error) };
        wait = retryAfterMs(error);
        logger?.debug(
          { err: error instanceof Error ? error.message : String(error), attempt: attemptNo + 1 },
          'llm intent call failed',
        );
      }
      if (outcome.ok || !RETRYABLE.has(outcome.reason) || attemptNo >= maxRetries) {
        if (!outcome.ok) logger?.warn({ reason: outcome.reason, attempts: attemptNo + 1, ms: Date.now() - started, model }, 'llm intent parse failed');
        return outcome;
      }
      // A timeout has already spent its budget; other failures get a short pause.
      const pause = outcome.reason === 'timeout' ? 0 : (wait ?? DEFAULT_BACKOFF_MS);
      if (pause > maxRetryWaitMs) {
        logger?.warn({ reason: outcome.reason, retryAfterMs: pause, model }, 'llm intent parse failed; server asked for a longer wait than a chat allows');
        return outcome;
      }
      await sleep(pause);
    }
  }

  return {
    async parse(text, opts) {
      try {
        return await parse(text, opts);
      } catch (error) {
        // Defensive: nothing above should throw, but a chat reply must never die here.
        logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'llm intent parse crashed');
        return { ok: false, reason: 'network' };
      }
    },
  };
}

/**
 * The LLM parser configured by the environment, or undefined when no key is set (the bot then
 * runs on rules alone). OPENAI_BASE_URL points at any OpenAI-compatible server, e.g. a local one.
 */
export function llmFromEnv(
  env: Record<string, string | undefined> = process.env,
  logger?: LlmLogger,
): LlmParser | undefined {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return undefined;
  const baseURL = env.OPENAI_BASE_URL?.trim();
  const model = env.OPENAI_MODEL?.trim();
  const timeoutMs = Number.parseInt(env.OPENAI_TIMEOUT_MS ?? '', 10);
  return createLlmParser({
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    ...(model ? { model } : {}),
    ...(Number.isInteger(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {}),
    ...(logger ? { logger } : {}),
  });
}
