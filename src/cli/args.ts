import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isValidZone } from '../intents/time-context.js';
import { CliError } from './command.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends ParseArgsOptionsConfig, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: P }>
>;

/**
 * One command's argument parsing: node:util parseArgs in strict mode (`--flag value` and
 * `--flag=value`), plus the checks several commands repeat. Every failure is a usage error:
 * exit 2, a message naming the flag, then the command's usage line.
 */
export function cliArgs(usage: string) {
  const fail = (message: string) => new CliError(`${message}\nusage: ${usage}`, 2);

  function parse<const O extends ParseArgsOptionsConfig, const P extends boolean = false>(argv: string[], options: O, allowPositionals?: P): Parsed<O, P> {
    try {
      const config = { args: joinNegativeValues(argv, options), options, strict: true as const, allowPositionals: (allowPositionals ?? false) as P };
      return parseArgs(config) as Parsed<O, P>;
    } catch (error) {
      throw fail(describeParseError(error));
    }
  }

  /** A number n with 0 < n ≤ max. */
  function positiveNumber(flag: string, raw: string, max: number): number;
  function positiveNumber(flag: string, raw: string | undefined, max: number): number | undefined;
  function positiveNumber(flag: string, raw: string | undefined, max: number): number | undefined {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw fail(`${flag} must be a positive number`);
    return n;
  }

  /** Digits only (an optional sign), within [min, max]. */
  function wholeNumber(flag: string, raw: string, min?: number, max?: number): number;
  function wholeNumber(flag: string, raw: string | undefined, min?: number, max?: number): number | undefined;
  function wholeNumber(flag: string, raw: string | undefined, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : '';
      throw fail(`${flag} must be a whole number${range}`);
    }
    return n;
  }

  /** One of `choices`, compared case-insensitively when `ignoreCase`. */
  function oneOf<C extends string>(flag: string, raw: string, choices: readonly C[], ignoreCase?: boolean): C;
  function oneOf<C extends string>(flag: string, raw: string | undefined, choices: readonly C[], ignoreCase?: boolean): C | undefined;
  function oneOf<C extends string>(flag: string, raw: string | undefined, choices: readonly C[], ignoreCase = false): C | undefined {
    if (raw === undefined) return undefined;
    const word = ignoreCase ? raw.toLowerCase() : raw;
    if (!(choices as readonly string[]).includes(word)) throw fail(`${flag} must be one of ${choices.join(', ')} (got ${raw})`);
    return word as C;
  }

  /** An instant such as 2026-11-18T15:00:00Z. */
  function instant(flag: string, raw: string): Date;
  function instant(flag: string, raw: string | undefined): Date | undefined;
  function instant(flag: string, raw: string | undefined): Date | undefined {
    if (raw === undefined) return undefined;
    const date = new Date(raw);
    if (Number.isNaN(date.getTime())) throw fail(`${flag} ${raw} is not an ISO time such as 2026-11-18T15:00:00Z`);
    return date;
  }

  /** An IANA time zone name. */
  function zone(flag: string, raw: string): string;
  function zone(flag: string, raw: string | undefined): string | undefined;
  function zone(flag: string, raw: string | undefined): string | undefined {
    if (raw !== undefined && !isValidZone(raw)) throw fail(`${flag} ${raw} is not an IANA time zone such as America/New_York`);
    return raw;
  }

  return { usage, fail, parse, positiveNumber, wholeNumber, oneOf, instant, zone };
}

/**
 * parseArgs refuses `--scale -1` as ambiguous (the value could be a flag); a negative number never
 * is one, so it is passed as `--scale=-1` and reaches the range check with its own message.
 */
function joinNegativeValues(argv: string[], options: ParseArgsOptionsConfig): string[] {
  const takesValue = new Map<string, string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string') continue;
    takesValue.set(`--${name}`, name);
    if (option.short) takesValue.set(`-${option.short}`, name);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = takesValue.get(argv[i]!);
    const next = argv[i + 1];
    if (name !== undefined && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(argv[i]!);
      if (argv[i] === '--') return out.concat(argv.slice(i + 1));
    }
  }
  return out;
}

/** parseArgs' errors, in the words the commands have always used: "unknown option --x", "--x needs a value". */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  // "Option '-n, --name <value>' argument missing": the long form names the flag.
  const flag = quoted.split(/[\s,]+/).filter((w) => w.startsWith('-')).at(-1) ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return `${flag} needs a value`;
    if (/ambiguous/.test(message)) return `${flag} needs a value (write ${flag}=-… for one that starts with a dash)`;
    if (/does not take an argument/.test(message)) return `${flag} takes no value`;
  }
  return message;
}
