import { IANAZone } from 'luxon';

/** How reminders become messages. */
export interface ReminderSettings {
  /**
   * A reminder more than this many hours past due is not sent on its own any more (the bot was
   * down, a queue backlog, a reminder entered in the past): the morning summary lists it instead.
   */
  overdueAfterHours: number;
  /** Local hour (owner's zone) of the overdue summary. */
  summaryHour: number;
  /** After this many hours past summaryHour a missed summary is skipped until the next day. */
  summaryLateHours: number;
  /**
   * How far ahead the scheduler enqueues: jobs carry run_at = due_at, so with a horizon longer
   * than the scheduling period a reminder is delivered within one poll of its due time.
   */
  horizonMs: number;
  /** Adds a "Snooze 1 week" button with verb SNOOZE_WEEK_VERB (handlers/actions/reminder-week.actions.ts). */
  snoozeWeekButton: boolean;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  overdueAfterHours: 6,
  summaryHour: 8,
  summaryLateHours: 12,
  horizonMs: 120_000,
  snoozeWeekButton: true,
};

export const DONE_VERB = 'reminder.done';
/** The existing action: snoozes by one day (handlers/actions/customer.actions.ts). Value: reminder id. */
export const SNOOZE_DAY_VERB = 'reminder.snooze';
/** Snoozes by one week (handlers/actions/reminder-week.actions.ts). Value: reminder id. */
export const SNOOZE_WEEK_VERB = 'reminder.snooze_week';

/** A stored zone luxon knows, else UTC (one bad row must not stop everyone's reminders). */
export const zoneOrUtc = (zone: string | null | undefined): string => (zone && IANAZone.isValidZone(zone) ? zone : 'UTC');
