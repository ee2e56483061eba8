import type { CountryCode } from 'libphonenumber-js';
import { isAppError } from '../app/errors.js';
import type { DbOrTx } from '../db/database.js';
import { cell, type AnyField, type ColumnMapping } from './columns.js';
import type { ImportReport } from './import-report.js';
import type { CsvRow, CsvTable } from './read-csv.js';

/** What every kind's planner needs: the database, the phone region, the report it fills in. */
export interface ImportContext {
  db: DbOrTx;
  region: CountryCode;
  table: CsvTable;
  mapping: ColumnMapping;
  report: ImportReport;
  owners: OwnerLookup;
}

/** A planned import: everything is decided; `apply` only writes. */
export interface ImportPlan {
  apply(db: DbOrTx): Promise<void>;
}

/** Collects a row's problems so one rejection lists all of them, not only the first. */
export class RowCheck {
  readonly reasons: string[] = [];

  constructor(
    private readonly ctx: ImportContext,
    readonly row: CsvRow,
  ) {
    const overlong = ctx.table.overlong.get(row.line);
    if (overlong) this.reasons.push(overlong);
  }

  cell(field: AnyField): string {
    return cell(this.ctx.mapping, this.row.cells, field);
  }

  /** Runs a normaliser on a non-empty cell; its AppError message becomes a reason. */
  optional<T>(field: AnyField, normalise: (value: string) => T): T | undefined {
    const value = this.cell(field);
    if (!value) return undefined;
    try {
      return normalise(value);
    } catch (error) {
      if (!isAppError(error)) throw error;
      this.reasons.push(`${field}: ${error.userMessage}`);
      return undefined;
    }
  }

  fail(reason: string): undefined {
    this.reasons.push(reason);
    return undefined;
  }

  /** True when the row is clean; otherwise records the rejection in the report. */
  done(): boolean {
    if (!this.reasons.length) return true;
    this.ctx.report.rejected.push({ line: this.row.line, reason: this.reasons.join('; ') });
    return false;
  }
}

export interface OwnerLookup {
  /** The user id an "Owner" cell names, or undefined (warned once per unknown value). */
  resolve(value: string, line: number): number | undefined;
  /** Adds the "unknown owner" warnings to the report. */
  flush(report: ImportReport): void;
}

/** Users are few: load them once and match owner cells by email or full name, case-insensitively. */
export async function loadOwners(db: DbOrTx): Promise<OwnerLookup> {
  const users = await db.selectFrom('users').select(['id', 'name', 'email']).where('deactivated_at', 'is', null).execute();
  const byKey = new Map<string, number | null>();
  const add = (key: string, id: number) => byKey.set(key, byKey.has(key) && byKey.get(key) !== id ? null : id);
  for (const u of users) {
    add(u.name.toLowerCase().replace(/\s+/g, ' ').trim(), u.id);
    if (u.email) add(u.email, u.id);
  }
  const unknown = new Map<string, number[]>();
  return {
    resolve(value, line) {
      const key = value.toLowerCase().replace(/\s+/g, ' ').trim();
      if (!key) return undefined;
      const id = byKey.get(key);
      if (id) return id;
      const list = unknown.get(value) ?? [];
      list.push(line);
      unknown.set(value, list);
      return undefined;
    },
    flush(report) {
      for (const [value, lines] of unknown) {
        const why = byKey.get(value.toLowerCase().trim()) === null ? 'matches more than one user' : 'is not a Rapport user';
        const shown = lines.length > 5 ? `${lines.slice(0, 5).join(', ')}, …` : lines.join(', ');
        report.warnings.push(`owner "${value}" ${why} (line${lines.length > 1 ? 's' : ''} ${shown}): left unassigned`);
      }
    },
  };
}
