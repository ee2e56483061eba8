import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';
import { parseMessage } from '../../intents/parse.js';
import { formatScore, scoreCases, type LabelledCase } from '../../intents/score.js';

// The labelled sample lives beside the repo: <repo>/../shared/eval/utterances.jsonl.
const DEFAULT_FILE = fileURLToPath(new URL('../../../../shared/eval/utterances.jsonl', import.meta.url));
// intents.md: the sample is resolved at this instant and zone unless a case or header says otherwise.
const DEFAULT_NOW = '2026-11-18T15:00:00Z';
const DEFAULT_TZ = 'America/New_York';

/** Reads cases; a line without "text" but with "now"/"tz" sets the defaults for the lines after it. */
export function loadCases(path: string): LabelledCase[] {
  const cases: LabelledCase[] = [];
  let now = DEFAULT_NOW;
  let tz = DEFAULT_TZ;
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new CliError(`eval: ${path}:${i + 1} is not valid JSON`, 2);
      }
      if (typeof obj.text !== 'string') {
        if (typeof obj.now === 'string') now = obj.now;
        if (typeof obj.tz === 'string') tz = obj.tz;
        return;
      }
      cases.push({
        text: obj.text,
        intent: String(obj.intent),
        slots: (obj.slots ?? {}) as Record<string, unknown>,
        now: typeof obj.now === 'string' ? obj.now : now,
        tz: typeof obj.tz === 'string' ? obj.tz : tz,
      });
    });
  return cases;
}

const USAGE = 'rapport eval [--file PATH] [--verbose]';
const cli = cliArgs(USAGE);

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'score the rules parser on a labelled JSONL set (intent and frame accuracy)',
  usage: USAGE,
  async run(argv) {
    const { values } = cli.parse(argv, { file: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } });
    const file = values.file ?? DEFAULT_FILE;
    if (!existsSync(file)) {
      console.error(`rapport eval: no labelled set at ${file}; pass --file PATH to a JSONL of {"text","intent","slots"}`);
      return values.file ? 2 : 0;
    }
    const cases = loadCases(file);
    const outputs = cases.map((c) => parseMessage(c.text, { now: new Date(c.now ?? DEFAULT_NOW), tz: c.tz ?? DEFAULT_TZ }).intent);
    const score = scoreCases(cases, outputs);
    if (values.verbose) for (const m of score.misses) console.log(m.detail);
    console.log(formatScore(score));
    return 0;
  },
};
