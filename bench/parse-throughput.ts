import { parseMessage } from '../src/intents/parse.js';
import { parseVariants } from './parse-messages.js';
import { summarise, type Summary } from './stats.js';

export interface ParseThroughput {
  /** Distinct messages in the set. */
  distinct: number;
  rounds: number;
  perSecond: number;
  /** Per-message latency in milliseconds. */
  latency: Summary;
}

/** The instant and zone the eval sample is labelled at. */
export const PARSE_OPTIONS = { now: new Date('2026-11-18T15:00:00Z'), tz: 'America/New_York' };

/**
 * Parses the whole varied set `rounds` times after three warm-up rounds (JIT, caches), timing
 * each message; throughput is messages over the wall time of the timed rounds.
 */
export function measureParse(rounds: number, messages: readonly string[] = parseVariants()): ParseThroughput {
  for (let i = 0; i < 3; i++) for (const m of messages) parseMessage(m, PARSE_OPTIONS);
  const times: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const s = process.hrtime.bigint();
      parseMessage(m, PARSE_OPTIONS);
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { distinct: messages.length, rounds, perSecond: Math.round(times.length / seconds), latency: summarise(times) };
}
