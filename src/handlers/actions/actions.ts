import type { ActionHandler, ActionMap } from './action-types.js';
import { automationActions } from '../automation/automation.actions.js';
import { customerActions } from './customer.actions.js';
import { mergeActions } from './merge.actions.js';
import { reminderWeekActions } from './reminder-week.actions.js';
import { ticketDealActions } from './ticket-deal.actions.js';

const ACTIONS: ActionMap = { ...customerActions, ...ticketDealActions, ...reminderWeekActions, ...automationActions, ...mergeActions };

export function actionHandlerFor(verb: string): ActionHandler | undefined {
  return Object.hasOwn(ACTIONS, verb) ? ACTIONS[verb] : undefined;
}
