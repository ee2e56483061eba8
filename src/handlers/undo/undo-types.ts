import type { Transaction } from 'kysely';
import type { AuditEntry } from '../../crm/audit/audit.table.js';
import type { Actor } from '../../crm/context.js';
import type { Database } from '../../db/database.js';

export interface UndoContext {
  tx: Transaction<Database>;
  actor: Actor;
  now: Date;
}

/** Reverses exactly one audited write and says what it did, e.g. "Removed the call logged with Acme Corp." */
export type UndoFn = (ctx: UndoContext, entry: AuditEntry) => Promise<string>;

/** Audit action (`<entity>.<verb>`) → how to reverse it. */
export type UndoMap = Record<string, UndoFn>;
