export { createAutomation, startAutomation, type Automation, type AutomationOptions } from './automation.js';
export type { JobRow, JobStatus, JobTable } from './job.table.js';
export {
  NoRouteError, RouteUnavailableError, consoleNotifier, noopNotifier, notifierByIdentity, recordingNotifier,
  type Notifier, type NotifyTarget, type RecordedDelivery, type RecordingNotifier,
} from './notifier.js';
export {
  DEFAULT_BACKOFF, claimJobs, completeJob, enqueue, enqueueMany, failJob, pruneJobs, queueCounts, retryDelayMs,
  type Backoff, type Job, type NewJob, type QueueCounts,
} from './queue.js';
export {
  REMINDER_DELIVER, reminderDeliveryHandler, reminderJobKey, reminderReply, scheduleDueReminders,
} from './reminders/deliver-reminder.js';
export {
  OVERDUE_SUMMARY, overdueSummaryHandler, overdueSummaryKey, overdueSummaryReply, scheduleOverdueSummaries,
} from './reminders/overdue-summary.js';
export {
  DEFAULT_REMINDER_SETTINGS, DONE_VERB, SNOOZE_DAY_VERB, SNOOZE_WEEK_VERB, type ReminderSettings,
} from './reminders/settings.js';
export {
  PermanentJobError, createWorker, type JobContext, type JobFinish, type JobHandler, type PeriodicTask, type RunStats,
  type Worker, type WorkerOptions,
} from './worker.js';
export type { ChannelRef } from './notifier.js';
export { DIGEST_POST, createDigest, digestJobKey, scheduleDueDigests } from './automations/digests.js';
export { RULE_NOTIFY, createRule, fireRuleEvent, onDealWritten, onTicketWritten, ruleJobKey } from './automations/rules.js';
export { describeSchedule, nextOccurrence, quietUntil, type DigestSchedule } from './automations/schedule.js';
