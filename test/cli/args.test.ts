import { describe, expect, it } from 'vitest';
import { cliArgs } from '../../src/cli/args.js';
import { CliError } from '../../src/cli/command.js';

const cli = cliArgs('rapport demo [--n N] [--json] [name]');
const options = { n: { type: 'string' }, json: { type: 'boolean', short: 'j' } } as const;

function failure(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/\nusage: rapport demo/);
    return error as CliError;
  }
  throw new Error('expected a usage error');
}

describe('cliArgs', () => {
  it('takes --flag value, --flag=value, short flags and positionals', () => {
    expect(cli.parse(['--n', '3', '-j', 'Acme'], options, true)).toMatchObject({ values: { n: '3', json: true }, positionals: ['Acme'] });
    expect(cli.parse(['--n=-2'], options).values.n).toBe('-2');
    expect(cli.parse(['--n', '-2'], options).values.n).toBe('-2');
  });

  it("turns parseArgs' errors into usage errors naming the flag", () => {
    expect(failure(() => cli.parse(['--bogus'], options)).message).toMatch(/^unknown option --bogus\n/);
    expect(failure(() => cli.parse(['--n'], options)).message).toMatch(/^--n needs a value\n/);
    expect(failure(() => cli.parse(['--n', '--json'], options)).message).toMatch(/^--n needs a value/);
    expect(failure(() => cli.parse(['--json=yes'], options)).message).toMatch(/^--json takes no value\n/);
    expect(failure(() => cli.parse(['Acme'], options)).message).toMatch(/^unexpected argument Acme\n/);
  });

  it('checks numbers, words, instants and zones', () => {
    expect(cli.wholeNumber('--n', '12', 1, 100)).toBe(12);
    expect(cli.wholeNumber('--n', undefined, 1, 100)).toBeUndefined();
    expect(failure(() => cli.wholeNumber('--n', '1.5', 1, 100)).message).toMatch(/^--n must be a whole number from 1 to 100/);
    expect(cli.positiveNumber('--n', '0.5', 10)).toBe(0.5);
    expect(failure(() => cli.positiveNumber('--n', '11', 10)).message).toMatch(/^--n must be a positive number/);
    expect(cli.oneOf('--g', 'Month', ['month', 'owner'], true)).toBe('month');
    expect(failure(() => cli.oneOf('--g', 'week', ['month', 'owner'])).message).toMatch(/^--g must be one of month, owner \(got week\)/);
    expect(cli.instant('--now', '2026-11-18T15:00:00Z')?.toISOString()).toBe('2026-11-18T15:00:00.000Z');
    expect(failure(() => cli.instant('--now', 'soon')).message).toMatch(/^--now soon is not an ISO time/);
    expect(cli.zone('--tz', 'America/New_York')).toBe('America/New_York');
    expect(failure(() => cli.zone('--tz', 'Mars/Olympus')).message).toMatch(/^--tz Mars\/Olympus is not an IANA time zone/);
  });
});
