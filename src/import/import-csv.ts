import path from 'node:path';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { AppError, invalid, isAppError } from '../app/errors.js';
import type { Db, DbOrTx } from '../db/database.js';
import { resolveMapping, type ImportKind } from './columns.js';
import { planActivities } from './import-activities.js';
import { loadOwners, type ImportContext, type ImportPlan } from './import-context.js';
import { planContacts } from './import-contacts.js';
import { planCustomers } from './import-customers.js';
import { planOrders } from './import-orders.js';
import { emptyCounts, type ImportReport } from './import-report.js';
import { decodeCsvBytes, parseCsvText, readCsvFile } from './read-csv.js';

export interface ImportOptions {
  /** The CSV as text, or as bytes (checked for UTF-8 like a file), or a path to read. */
  text?: string;
  bytes?: Uint8Array;
  path?: string;
  /** Guessed from the header when absent. */
  kind?: ImportKind;
  dryRun: boolean;
  /** Region for phone numbers written without a country code (default US). */
  region?: string;
  /** Shown in the report instead of the path. */
  sourceName?: string;
}

const PLANNERS: Record<ImportKind, (ctx: ImportContext) => Promise<ImportPlan>> = {
  customers: planCustomers,
  contacts: planContacts,
  orders: planOrders,
  activities: planActivities,
};

/**
 * Reads, cleans and matches a CSV file, and (unless dryRun) writes it in one transaction.
 * User-caused problems with the file as a whole (unreadable, not UTF-8, missing columns) throw
 * AppError('invalid'); bad rows are rejected in the report; a database failure rolls everything
 * back and throws AppError('internal') saying nothing was imported.
 */
export async function importCsv(db: Db, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const region = (options.region ?? 'US').toUpperCase();
  if (!isSupportedCountry(region)) throw invalid(`"${options.region}" is not a region I know for phone numbers — use a two-letter code such as US, GB or DE.`);
  const source = options.sourceName ?? (options.path ? path.basename(options.path) : 'the CSV text');
  const text = options.text ?? (options.bytes ? decodeCsvBytes(options.bytes, source) : options.path ? await readCsvFile(options.path) : undefined);
  if (text === undefined) throw invalid('Nothing to import: give a file path or the CSV text.');
  const table = parseCsvText(text);
  const mapping = resolveMapping(table.headers, options.kind);

  const report: ImportReport = {
    kind: mapping.kind, source, dryRun: options.dryRun, written: false,
    columns: mapping.mapped, ignoredColumns: mapping.ignored,
    rowsRead: table.rows.length, validRows: 0,
    create: emptyCounts(), update: emptyCounts(),
    mergedInFile: [], enrichments: [], rejected: [], possibleDuplicates: [], warnings: [], elapsedMs: 0,
  };
  const plan = async (tx: DbOrTx) => {
    const ctx: ImportContext = { db: tx, region: region as CountryCode, table, mapping, report, owners: await loadOwners(tx) };
    const planned = await PLANNERS[mapping.kind](ctx);
    ctx.owners.flush(report);
    report.rejected.sort((a, b) => a.line - b.line);
    return planned;
  };

  if (options.dryRun || table.rows.length === 0) {
    await plan(db);
  } else {
    try {
      // Matching runs inside the writing transaction, so what was checked is what gets written.
      await db.transaction().execute(async (tx) => {
        const planned = await plan(tx);
        if (report.validRows > 0) await planned.apply(tx);
      });
      report.written = report.validRows > 0;
    } catch (error) {
      if (isAppError(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError('internal', `The database refused the import (${reason}); it was rolled back and nothing was imported.`, { source }, { cause: error });
    }
  }
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}
