import { button, type Action } from '../../reply/reply.js';
import type { HandlerContext } from '../handler.js';

/** Undo of one audited write; only its author may press it (the dispatcher checks forUserId). */
export function undoButton(ctx: HandlerContext, auditId: number): Action {
  return button('Undo', { verb: 'undo', value: String(auditId), forUserId: ctx.actor.id });
}
