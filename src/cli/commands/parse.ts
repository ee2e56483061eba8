import { createInterface } from 'node:readline';
import { cliArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { parseToJsonLine, resolveParseOptions } from '../../intents/parse.js';

/**
 * `rapport parse`: one message per stdin line → one JSON intent per stdout line, in order, and
 * nothing else on stdout. Output is batched so 100k lines do not mean 100k write calls.
 */
const USAGE = 'rapport parse [--now ISO-8601] [--tz IANA-zone] [--json]';
const cli = cliArgs(USAGE);

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'parse chat messages from stdin into intents (one JSON line per input line)',
  usage: USAGE,
  async run(argv) {
    const { values } = cli.parse(argv, { now: { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean' } });
    const opts = resolveParseOptions({ now: values.now, tz: values.tz });
    if ('error' in opts) throw cli.fail(opts.error);

    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    let buf: string[] = [];
    const flush = async () => {
      if (!buf.length) return;
      const chunk = buf.join('\n') + '\n';
      buf = [];
      if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
    };
    for await (const line of rl) {
      buf.push(parseToJsonLine(line, opts));
      if (buf.length >= 256) await flush();
    }
    await flush();
    return 0;
  },
};
