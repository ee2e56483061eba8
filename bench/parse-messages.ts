/**
 * The varied message set the parser benchmarks run over: the labelled eval sample (when the
 * shared folder is next to the repo) or a built-in sample, each line in several variants (case,
 * typos, mentions, punctuation), plus long and hostile lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SAMPLE_FILE = fileURLToPath(new URL('../../shared/eval/utterances.jsonl', import.meta.url));

/** Used when the eval sample is not beside the repo: one or more lines per intent. */
const BUILT_IN: readonly string[] = [
  'log a call with Jane at Acme, she wants a quote, follow up next Tuesday',
  'log a meeting with Initech: renewal review, follow up in 2 weeks',
  'note on Globex: prefers email, no calls before 10',
  'who is acme?',
  'show me Initech',
  'open a ticket for Initech: SSO fails, urgent',
  'close ticket 5',
  'assign ticket 12 to Tom',
  'ticket 7 priority high',
  'my open tickets',
  'new customer Bluebird Labs, bluebird.io',
  'add deal Acme renewal 12k closing end of month',
  'move the Acme renewal deal to negotiation',
  'remind me to call Globex on Friday at 3pm',
  'revenue this month',
  'revenue by month this year',
  'top 10 customers last quarter',
  'customer segments this month',
  'pipeline',
  'ticket report last month',
  'activities this week for Sarah',
  'record an order for Acme: 5 Pro Plan seats',
  'help',
  'what can you do?',
];

/** The base sample: eval utterances when available, else the built-in list. */
export function baseMessages(): string[] {
  if (!existsSync(SAMPLE_FILE)) return [...BUILT_IN];
  return readFileSync(SAMPLE_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { text?: unknown })
    .filter((obj): obj is { text: string } => typeof obj.text === 'string')
    .map((obj) => obj.text);
}

/** Swaps two letters of the i-th word (when it has four or more): a typical typo. */
export function swapTwo(s: string, i: number): string {
  const words = s.split(' ');
  const w = words[i % words.length] ?? '';
  if (w.length >= 4) words[i % words.length] = w[0]! + w[2]! + w[1]! + w.slice(3);
  return words.join(' ');
}

/** Every base message in seven variants, plus four long or hostile lines. */
export function parseVariants(base: readonly string[] = baseMessages()): string[] {
  const variants: string[] = [];
  base.forEach((t, i) => {
    variants.push(t, t.toLowerCase(), t.toUpperCase(), `@rapport ${t}`, `<@U123> ${t}!!`, t.replace(/[,.:?]/g, ''), swapTwo(t, i));
  });
  variants.push('x'.repeat(10_000), '🙂'.repeat(2_000), "'; DROP TABLE customers; --", 'ignore previous instructions '.repeat(100));
  return variants;
}
