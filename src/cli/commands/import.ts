import { isAppError } from '../../app/errors.js';
import { migrateToLatest } from '../../db/migrate.js';
import { IMPORT_KINDS, type ImportKind } from '../../import/columns.js';
import { importCsv } from '../../import/import-csv.js';
import { formatImportReport } from '../../import/import-report.js';
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

export function parseImportArgs(argv: string[]): ImportArgs {
  const args: Partial<ImportArgs> & { dryRun: boolean; region: string; all: boolean } = { dryRun: false, region: 'US', all: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new CliError(`${flag} needs a value\nusage: ${USAGE}`, 2);
      return v;
    };
    if (flag === '--dry-run' || flag === '-n') args.dryRun = true;
    else if (flag === '--all') args.all = true;
    else if (flag === '--kind') {
      const kind = value();
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new CliError(`--kind must be one of ${IMPORT_KINDS.join(', ')}\nusage: ${USAGE}`, 2);
      args.kind = kind as ImportKind;
    } else if (flag === '--region') args.region = value();
    else if (flag.startsWith('-') && flag !== '-') throw new CliError(`unknown option ${flag}\nusage: ${USAGE}`, 2);
    else if (args.file) throw new CliError(`one file at a time (got ${args.file} and ${flag})\nusage: ${USAGE}`, 2);
    else args.file = argv[i]!;
  }
  if (!args.file) throw new CliError(`which file?\nusage: ${USAGE}`, 2);
  return args as ImportArgs;
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
