/**
 * The deterministic intent parser: normalise → expand shorthand → correct command-word typos →
 * ordered grammar rules (src/intents/rules) → catalog validation. It never throws: any internal
 * failure, or a message no rule understands, is `unknown`.
 */
import { UNKNOWN, validateIntent } from './catalog.js';
import { correctTypos } from './fuzzy.js';
import { normalise } from './normalise.js';
import { rewriteShorthand } from './rewrite.js';
import { RULES } from './rules/index.js';
import type { Message } from './message.js';
import { isValidZone, makeTimeContext } from './time-context.js';
import type { ParseOptions, ParseResult } from './types.js';

const UNKNOWN_RESULT: ParseResult = { intent: UNKNOWN, confidence: 'low', source: 'rules' };
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The text the rules see; exported for tests and debugging. */
export function prepareText(raw: string): string {
  return correctTypos(rewriteShorthand(normalise(raw)));
}

function hasControl(v: unknown): boolean {
  if (typeof v === 'string') return CONTROL.test(v);
  if (v && typeof v === 'object') return Object.values(v).some(hasControl);
  return false;
}

function runRules(msg: Message): ParseResult | null {
  for (const rule of RULES) {
    const c = rule(msg);
    if (!c) continue;
    const valid = validateIntent(c.intent);
    // A candidate that breaks the catalog is a rule bug; let later rules try instead.
    if (!valid || hasControl(valid.slots)) continue;
    return { intent: valid, confidence: c.confidence, source: 'rules' };
  }
  return null;
}

export function parseMessage(text: string, opts: ParseOptions): ParseResult {
  try {
    const clean = prepareText(text);
    if (!clean) return UNKNOWN_RESULT;
    const time = makeTimeContext(opts.now, opts.tz);
    const result = runRules({ text: clean, time });
    if (result) {
      // "help me log a call with Acme…": the request after "help me" wins when it is clear.
      if (result.intent.intent === 'help') {
        const inner = /^help\s+(?:me\s+)?(?:to\s+)?(?=\S)/i.exec(clean);
        if (inner) {
          const sub = runRules({ text: clean.slice(inner[0].length), time });
          if (sub && sub.confidence === 'high' && sub.intent.intent !== 'unknown' && sub.intent.intent !== 'help') return sub;
        }
      }
      return result;
    }
    return UNKNOWN_RESULT;
  } catch {
    return UNKNOWN_RESULT;
  }
}

/** One output line of `rapport parse`: `{"intent":…,"slots":{…}}`. */
export function parseToJsonLine(text: string, opts: ParseOptions): string {
  const { intent } = parseMessage(text, opts);
  return JSON.stringify({ intent: intent.intent, slots: intent.slots });
}

export interface ParseOptionInput {
  now?: string | undefined;
  tz?: string | undefined;
}

/** Resolves CLI/env options into ParseOptions, or an error message for bad input. */
export function resolveParseOptions(input: ParseOptionInput, env: NodeJS.ProcessEnv = process.env): ParseOptions | { error: string } {
  const tz = input.tz ?? (env.TZ && env.TZ.trim() ? env.TZ.trim() : 'UTC');
  if (!isValidZone(tz)) return { error: `unknown time zone '${tz}' (expected an IANA zone such as America/New_York)` };
  let now = new Date();
  if (input.now !== undefined) {
    now = new Date(input.now);
    if (Number.isNaN(now.getTime())) return { error: `invalid --now '${input.now}' (expected ISO-8601, e.g. 2026-11-18T15:00:00Z)` };
  }
  return { now, tz };
}
