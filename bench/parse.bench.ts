/**
 * Throughput of the rules parser alone: `npx tsx bench/parse.bench.ts` (ROUNDS=20 by default).
 * Runs the eval sample plus generated variants (case, typos, mentions, punctuation, long/hostile
 * lines) and prints messages/s and p50/p99 latency per message in µs. `rapport bench` runs the
 * same measurement before its database measures.
 */
import { measureParse } from './parse-throughput.js';

const result = measureParse(Number(process.env.ROUNDS ?? 20));
const us = (v: number) => (v * 1000).toFixed(1);
console.log(`messages: ${result.latency.n} (${result.distinct} distinct × ${result.rounds})`);
console.log(`throughput: ${result.perSecond} messages/s`);
console.log(`latency: p50 ${us(result.latency.p50)} µs, p99 ${us(result.latency.p99)} µs, max ${us(result.latency.max)} µs`);
