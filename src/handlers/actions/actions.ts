import type { ActionHandler, ActionMap } from './action-types.js';
import { customerActions } from './customer.actions.js';
import { ticketDealActions } from './ticket-deal.actions.js';

const ACTIONS: ActionMap = { ...customerActions, ...ticketDealActions };

export function actionHandlerFor(verb: string): ActionHandler | undefined {
  return Object.hasOwn(ACTIONS, verb) ? ACTIONS[verb] : undefined;
}
