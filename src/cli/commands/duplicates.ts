import { findDuplicatePairs, type DuplicateConfidence, type DuplicatePair } from '../../crm/customers/duplicates.js';
import { migrateToLatest } from '../../db/migrate.js';
import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

const USAGE = 'rapport duplicates [--limit N] [--min high|medium|low] [--json] [name]';
const CONFIDENCES: readonly DuplicateConfidence[] = ['high', 'medium', 'low'];

export interface DuplicatesArgs {
  limit: number;
  min: DuplicateConfidence;
  json: boolean;
  query?: string;
}

const cli = cliArgs(USAGE);

export function parseDuplicatesArgs(argv: string[]): DuplicatesArgs {
  const { values, positionals } = cli.parse(argv, { limit: { type: 'string' }, min: { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  const args: DuplicatesArgs = {
    limit: cli.wholeNumber('--limit', values.limit, 1, 100_000) ?? 50,
    min: cli.oneOf('--min', values.min, CONFIDENCES) ?? 'low',
    json: values.json,
  };
  if (positionals.length) args.query = positionals.join(' ');
  return args;
}

const side = (s: DuplicatePair['keep']) => ({ id: s.id, name: s.name, domain: s.domain, email: s.email, phone: s.phone });

/** One block per pair: "high 0.94  #12 Acme Corp  ←  #57 ACME Corporation" and its reasons. */
export function formatDuplicates(pairs: DuplicatePair[], elapsedMs?: number): string {
  if (pairs.length === 0) return 'No likely duplicate customers found.';
  const lines = pairs.flatMap((p) => [
    `${p.confidence.padEnd(6)} ${p.score.toFixed(2)}  #${p.keep.id} ${p.keep.name}  ←  #${p.duplicate.id} ${p.duplicate.name}`,
    `             ${p.reasons.join('; ')}`,
  ]);
  const took = elapsedMs === undefined ? '' : ` in ${(elapsedMs / 1000).toFixed(1)} s`;
  return [
    ...lines,
    '',
    `${pairs.length} pair${pairs.length === 1 ? '' : 's'}${took}. ← marks the newer record, the one a merge would fold into the older.`,
    'Merge in chat: “merge <newer> into <older>” (Undo restores it).',
  ].join('\n');
}

export const duplicatesCommand: CliCommand = {
  name: 'duplicates',
  summary: 'list likely duplicate customers with a confidence (merge them in chat)',
  usage: `${USAGE}

  --limit N    at most N pairs, best first (default 50)
  --min C      only pairs of confidence C or better: high, medium or low (default low)
  --json       one JSON array: keep, duplicate, score, confidence, reasons
  name         only pairs involving customers matching this name, email or website

Evidence: same website, same phone (customer or contact), one's email being a contact's email
at the other, names alike once legal suffixes are dropped ("Acme Corp" ~ "ACME Corporation").
Reads only; merging happens in chat, with an Undo.`,
  async run(argv) {
    const args = parseDuplicatesArgs(argv);
    return withDatabase(async ({ db }) => {
      await migrateToLatest(db);
      const started = performance.now();
      const pairs = await findDuplicatePairs(db, { limit: args.limit, minConfidence: args.min, query: args.query });
      const elapsed = performance.now() - started;
      if (args.json) {
        console.log(JSON.stringify(pairs.map((p) => ({ keep: side(p.keep), duplicate: side(p.duplicate), score: p.score, confidence: p.confidence, reasons: p.reasons })), null, 2));
      } else {
        console.log(formatDuplicates(pairs, elapsed));
      }
      return 0;
    });
  },
};
