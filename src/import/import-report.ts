import type { AnyField, ImportKind } from './columns.js';

/** Tables an import can add rows to or fill in. */
export type ImportEntity = 'customers' | 'contacts' | 'products' | 'orders' | 'activities';

export interface RejectedRow {
  line: number;
  reason: string;
}

/** Several rows of the file that describe one customer or contact. */
export interface MergedInFile {
  lines: number[];
  name: string;
  /** What tied them together: "email", "phone", "domain", "name". */
  on: string[];
  /** Values that disagreed; the first row's value was kept. */
  conflicts: string[];
}

/** A file entity that matched an existing row exactly and fills its empty fields. */
export interface Enrichment {
  entity: 'customers' | 'contacts';
  lines: number[];
  name: string;
  existingId: number;
  existingName: string;
  matchedOn: 'email' | 'phone' | 'domain' | 'name';
  /** Fields that were empty and get a value; empty when the row adds nothing. */
  filled: string[];
}

export interface PossibleDuplicate {
  lines: number[];
  name: string;
  existingId: number;
  existingName: string;
  similarity: number;
}

export interface ImportReport {
  kind: ImportKind;
  source: string;
  dryRun: boolean;
  /** True only after the transaction committed. */
  written: boolean;
  columns: { header: string; field: AnyField }[];
  ignoredColumns: string[];
  rowsRead: number;
  /** Rows that survived cleaning (merged rows count once each). */
  validRows: number;
  create: Record<ImportEntity, number>;
  update: Record<ImportEntity, number>;
  mergedInFile: MergedInFile[];
  enrichments: Enrichment[];
  rejected: RejectedRow[];
  possibleDuplicates: PossibleDuplicate[];
  warnings: string[];
  elapsedMs: number;
}

export const emptyCounts = (): Record<ImportEntity, number> => ({ customers: 0, contacts: 0, products: 0, orders: 0, activities: 0 });

const n = (value: number) => value.toLocaleString('en-US');
const lines = (list: number[]) => (list.length === 1 ? `line ${list[0]}` : `lines ${list.join(', ')}`);

function counts(record: Record<ImportEntity, number>): string {
  const parts = Object.entries(record).filter(([, v]) => v > 0).map(([k, v]) => `${n(v)} ${k}`);
  return parts.length ? parts.join(', ') : '0';
}

function section<T>(title: string, items: T[], limit: number, show: (item: T) => string): string[] {
  if (!items.length) return [];
  const out = [`${title} (${n(items.length)}):`, ...items.slice(0, limit).map((item) => `  ${show(item)}`)];
  if (items.length > limit) out.push(`  … and ${n(items.length - limit)} more`);
  return out;
}

/** The report as terminal text; lists are cut at `limit` entries each. */
export function formatImportReport(report: ImportReport, options: { limit?: number } = {}): string {
  const limit = options.limit ?? 20;
  const verb = report.dryRun ? 'would' : report.written ? 'did' : 'did not';
  const mergedRows = report.mergedInFile.reduce((sum, m) => sum + m.lines.length, 0);
  const out = [
    `Import of ${report.kind} from ${report.source}${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    `  columns: ${report.columns.map((c) => `${c.header} → ${c.field}`).join(', ')}`,
  ];
  if (report.ignoredColumns.length) out.push(`  ignored columns: ${report.ignoredColumns.join(', ')}`);
  out.push(
    `  rows read:           ${n(report.rowsRead)}`,
    `  to create:           ${counts(report.create)}`,
    `  to update:           ${counts(report.update)}`,
    `  merged within file:  ${n(mergedRows)} rows into ${n(report.mergedInFile.length)}`,
    `  rejected:            ${n(report.rejected.length)} rows`,
    `  possible duplicates: ${n(report.possibleDuplicates.length)}`,
  );
  out.push(
    ...section('Rejected', report.rejected, limit, (r) => `line ${r.line}: ${r.reason}`),
    ...section('Merged within the file', report.mergedInFile, limit, (m) =>
      `${lines(m.lines)} → "${m.name}" (same ${m.on.join(', ')})${m.conflicts.length ? `; ${m.conflicts.join('; ')}` : ''}`),
    ...section('Matches existing rows', report.enrichments, limit, (e) =>
      `${lines(e.lines)} "${e.name}" = ${e.entity === 'customers' ? 'customer' : 'contact'} #${e.existingId} "${e.existingName}" (same ${e.matchedOn}): ${e.filled.length ? `fills ${e.filled.join(', ')}` : 'nothing new'}`),
    ...section('Possible duplicates (imported as new)', report.possibleDuplicates, limit, (d) =>
      `${lines(d.lines)} "${d.name}": possible duplicate of #${d.existingId} "${d.existingName}" (similarity ${d.similarity.toFixed(2)})`),
    ...section('Warnings', report.warnings, limit, (w) => w),
  );
  const seconds = (report.elapsedMs / 1000).toFixed(2);
  if (report.validRows === 0) out.push(`Nothing valid to import: nothing ${report.dryRun ? 'would be' : 'was'} written.`);
  else out.push(`${report.dryRun ? 'Dry run' : 'Import'} ${verb === 'did' ? 'committed' : verb === 'would' ? 'finished' : 'was not written'} in ${seconds} s${report.dryRun ? '; run again without --dry-run to write it.' : '.'}`);
  return out.join('\n');
}
