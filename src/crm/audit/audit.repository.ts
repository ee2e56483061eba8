import type { DbOrTx } from '../../db/database.js';
import type { AuditEntry } from './audit.table.js';

/** The action an Undo itself is recorded under: it is never offered for undoing in turn. */
export const UNDO_ACTION = 'undo';

export interface AuditRecord {
  actorId: number | null;
  platform: string | null;
  intent: string;
  /** `<entity>.<verb>`, e.g. 'ticket.update': the Undo registry's key. */
  action: string;
  entity: string;
  entityId: number | null;
  /** Any JSON-serialisable value; Dates are stored as ISO strings. */
  before?: unknown;
  after?: unknown;
}

/** jsonb text of a value; undefined → SQL null. JSON.stringify turns Dates into ISO strings. */
function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Writes one audit row (in the caller's transaction when given one) and returns its id. */
export async function recordAudit(db: DbOrTx, record: AuditRecord): Promise<number> {
  const row = await db
    .insertInto('audit_log')
    .values({
      actor_id: record.actorId,
      platform: record.platform,
      intent: record.intent,
      action: record.action,
      entity: record.entity,
      entity_id: record.entityId,
      before: toJson(record.before),
      after: toJson(record.after),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAudit(db: DbOrTx, id: number): Promise<AuditEntry | undefined> {
  return db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The actor's most recent change that is not undone yet (and is not itself an undo), for
 * "undo" typed as text. `since` bounds how far back an undo may reach.
 */
export async function lastUndoableFor(db: DbOrTx, actorId: number, options: { since?: Date } = {}): Promise<AuditEntry | undefined> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('actor_id', '=', actorId)
    .where('undone_at', 'is', null)
    .where('action', '!=', UNDO_ACTION);
  if (options.since) query = query.where('created_at', '>=', options.since);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * Marks an entry undone. Returns false when it already was: two clicks on one Undo button
 * (or two replicas) must not reverse a change twice.
 */
export async function markUndone(db: DbOrTx, id: number, by: number | null, at: Date = new Date()): Promise<boolean> {
  const row = await db
    .updateTable('audit_log')
    .set({ undone_at: at, undone_by: by })
    .where('id', '=', id)
    .where('undone_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// Event dedupe lives beside the audit trail; re-exported so callers need one import.
export { markEventProcessed, pruneProcessedEvents } from './processed-event.repository.js';
