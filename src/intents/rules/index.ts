/**
 * Rule order is the grammar's precedence: hostile input first; then intents with unmistakable
 * heads (reminder text and activity summaries may mention tickets or deals, so they come before
 * those); noun-led guesses (reports, deal updates, lookups) last.
 */
import type { Rule } from '../message.js';
import { activityRule } from './activity.js';
import { automationRules } from './automation.js';
import { createCustomerRule, lookupRule } from './customers.js';
import { createDealRule, updateDealRule } from './deals.js';
import { duplicatesRule } from './duplicates.js';
import { guardRule } from './guard.js';
import { helpRule } from './help.js';
import { orderRule } from './orders.js';
import { createReminderRule, listRemindersRule } from './reminders.js';
import { reportRule } from './report.js';
import { ticketRule } from './tickets.js';

export const RULES: readonly Rule[] = [
  guardRule,
  helpRule,
  // Automation extensions: anchored on digest/notify/quiet-hours words, before reports and tickets.
  ...automationRules,
  createReminderRule,
  listRemindersRule,
  activityRule,
  ticketRule,
  createDealRule,
  orderRule,
  createCustomerRule,
  reportRule,
  updateDealRule,
  // Duplicates and merges (extension): anchored on merge/duplicate words, before the lookup guess.
  duplicatesRule,
  lookupRule,
];
