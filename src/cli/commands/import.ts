import { isAppError } from '../../app/errors.js';
import { migrateToLatest } from '../../db/migrate.js';
import { IMPORT_KINDS, type ImportKind } from '../../import/columns.js';
import { importCsv } from '../../import/import-csv.js';
import { formatImportReport } from '../../import/import-report.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

const USAGE = 'rapport import <file.csv> [--kind customers|contacts|orders|activities] [--dry-run] [--region US] [--all]';

export interface ImportArgs {
  file: string;
  kind?: ImportKind;
  dryRun: boolean;
  region: string;
  all: boolean;
}

const cli = cliArgs(USAGE);

export function parseImportArgs(argv: string[]): ImportArgs {
  const { values, positionals } = cli.parse(argv, {
    'dry-run': { type: 'boolean', short: 'n', default: false },
    all: { type: 'boolean', default: false },
    kind: { type: 'string' },
    region: { type: 'string', default: 'US' },
  }, true);
  const [file, ...extra] = positionals;
  if (!file) throw cli.fail('which file?');
  if (extra.length > 0) throw cli.fail(`one file at a time (got ${file} and ${extra.join(' ')})`);
  return { file, kind: cli.oneOf('--kind', values.kind, IMPORT_KINDS), dryRun: values['dry-run'], region: values.region, all: values.all };
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import customers, contacts, orders or activities from CSV (--dry-run shows what would change)',
  usage: `${USAGE}

  --kind K     what the rows are; guessed from the column names when left out
  --dry-run    clean, match and report what would change; write nothing
  --region R   country for phone numbers written without +country code (default US)
  --all        list every rejected row, merge and match (default: the first 20 of each)

The import is one transaction: either every valid row is written or nothing is.
Exits 1 when the file cannot be read, has no usable rows, or the database refuses it.`,
  async run(argv) {
    const args = parseImportArgs(argv);
    return withDatabase(async ({ db, description }) => {
      // Safe to repeat, and lets `rapport import` be the first command run on a fresh install.
      await migrateToLatest(db);
      try {
        const report = await importCsv(db, { path: args.file, kind: args.kind, dryRun: args.dryRun, region: args.region });
        console.log(formatImportReport(report, { limit: args.all ? Number.POSITIVE_INFINITY : 20 }));
        if (report.written) console.log(`Written to ${description}.`);
        return report.validRows > 0 ? 0 : 1;
      } catch (error) {
        if (isAppError(error)) throw new CliError(error.userMessage);
        throw error;
      }
    });
  },
};
