import { actions, button, type Block } from '../../reply/reply.js';
import type { HandlerContext } from '../handler.js';

/** The Undo button under a confirmed write: the audit id is the whole value, and only the author may use it. */
export function undoActions(ctx: Pick<HandlerContext, 'actor'>, auditId: number): Block {
  return actions(button('Undo', { verb: 'undo', value: String(auditId), forUserId: ctx.actor.id }));
}
