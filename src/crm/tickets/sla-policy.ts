import type { TicketPriority } from '../../intents/catalog.js';

/**
 * How long a ticket may wait for resolution, by priority. One table so that the bot's promises
 * ("due in 4 hours") and the overdue report read the same numbers.
 */
export const SLA_HOURS: Readonly<Record<TicketPriority, number>> = {
  urgent: 4,
  high: 8,
  normal: 24,
  low: 72,
};

const HOUR_MS = 60 * 60 * 1000;

/** The SLA deadline of a ticket of `priority` opened at `createdAt` (wall-clock hours, not business hours). */
export function slaDueAt(priority: TicketPriority, createdAt: Date): Date {
  return new Date(createdAt.getTime() + SLA_HOURS[priority] * HOUR_MS);
}
