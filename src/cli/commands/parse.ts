import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../command.js';
import { parseToJsonLine, resolveParseOptions } from '../../intents/parse.js';

/**
 * `rapport parse`: one message per stdin line → one JSON intent per stdout line, in order, and
 * nothing else on stdout. Output is batched so 100k lines do not mean 100k write calls.
 */
export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'parse chat messages from stdin into intents (one JSON line per input line)',
  usage: 'rapport parse [--now ISO-8601] [--tz IANA-zone] [--json]',
  async run(argv) {
    let values: { now?: string | undefined; tz?: string | undefined };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { now: { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean' } },
        strict: true,
      }));
    } catch (e) {
      throw new CliError(`parse: ${(e as Error).message}`, 2);
    }
    const opts = resolveParseOptions({ now: values.now, tz: values.tz });
    if ('error' in opts) throw new CliError(`parse: ${opts.error}`, 2);

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
