import { AppError, forbidden, notFound } from '../../app/errors.js';
import { findAudit, markUndone, recordAudit, UNDO_ACTION } from '../../crm/audit/audit.repository.js';
import { customerUndo } from './customer.undo.js';
import { mergeUndo } from './merge.undo.js';
import { ticketDealUndo } from './ticket-deal.undo.js';
import type { UndoContext, UndoMap } from './undo-types.js';

const REGISTRY: UndoMap = { ...customerUndo, ...ticketDealUndo, ...mergeUndo };

/** Undo windows are for mistakes just made, not for rewriting history. */
const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Reverses the audited write `auditId` inside the caller's transaction, records the undo itself,
 * and returns the sentence to show. Only the author (or an admin) may undo, and only once.
 */
export async function undoAudited(tx: UndoContext['tx'], input: { auditId: number; actor: UndoContext['actor']; now: Date }): Promise<string> {
  const entry = await findAudit(tx, input.auditId);
  if (!entry) throw notFound('That change no longer exists, so there is nothing to undo.');
  if (entry.actor_id !== input.actor.id && input.actor.role !== 'admin') {
    throw forbidden('Only the person who made that change (or an admin) can undo it.');
  }
  if (entry.undone_at) throw new AppError('conflict', 'That change was already undone.');
  if (input.now.getTime() - entry.created_at.getTime() > UNDO_WINDOW_MS) {
    throw new AppError('conflict', 'That change is more than a day old, so Undo is no longer offered. Change it directly instead.');
  }
  const undo = REGISTRY[entry.action];
  if (!undo) throw new AppError('invalid', 'That change can’t be undone from chat.');
  const said = await undo({ tx, actor: input.actor, now: input.now }, entry);
  if (!(await markUndone(tx, entry.id, input.actor.id, input.now))) throw new AppError('conflict', 'That change was already undone.');
  await recordAudit(tx, {
    actorId: input.actor.id,
    platform: null,
    intent: entry.intent,
    action: UNDO_ACTION,
    entity: entry.entity,
    entityId: entry.entity_id,
    before: { auditId: entry.id, action: entry.action },
  });
  return said;
}
