import type { Logger } from '../app/logger.js';
import { silentLogger } from '../app/logger.js';
import type { Db } from '../db/database.js';
import type { Notifier } from './notifier.js';
import { pruneJobs, type Backoff } from './queue.js';
import { reminderDeliveryHandler, scheduleDueReminders } from './reminders/deliver-reminder.js';
import { overdueSummaryHandler, scheduleOverdueSummaries } from './reminders/overdue-summary.js';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './reminders/settings.js';
import { digestPostHandler, scheduleDueDigests } from './automations/digests.js';
import { ruleNotifyHandler } from './automations/rules.js';
import { createWorker, type JobHandler, type PeriodicTask, type Worker } from './worker.js';

export interface AutomationOptions {
  db: Db;
  notifier: Notifier;
  logger?: Logger;
  now?: () => Date;
  /** How often the worker looks for due jobs (default 1 s). */
  pollMs?: number;
  /** How often due reminders and summaries are enqueued (default 60 s; the horizon is twice this). */
  scheduleEveryMs?: number;
  /** Finished jobs are kept this long (default 14 days), then pruned. */
  retainMs?: number;
  workerId?: string;
  leaseMs?: number;
  batchSize?: number;
  backoff?: Backoff;
  random?: () => number;
  reminders?: Partial<ReminderSettings>;
  /**
   * Extension points for later job kinds (scheduled digests, rule notifications): their
   * handlers, and the idempotent periodic tasks that enqueue them.
   */
  handlers?: JobHandler[];
  tasks?: PeriodicTask[];
}

/** The worker with every built-in job kind and periodic task; tests drive it with runOnce(). */
export function createAutomation(options: AutomationOptions): Worker {
  const scheduleEveryMs = options.scheduleEveryMs ?? 60_000;
  const reminders: ReminderSettings = {
    ...DEFAULT_REMINDER_SETTINGS,
    horizonMs: Math.max(DEFAULT_REMINDER_SETTINGS.horizonMs, 2 * scheduleEveryMs),
    ...options.reminders,
  };
  const retainMs = options.retainMs ?? 14 * 86_400_000;
  const deps = { notifier: options.notifier, settings: reminders };
  return createWorker({
    db: options.db,
    now: options.now,
    logger: options.logger ?? silentLogger,
    workerId: options.workerId,
    leaseMs: options.leaseMs,
    batchSize: options.batchSize,
    backoff: options.backoff,
    random: options.random,
    handlers: [
      reminderDeliveryHandler(deps), overdueSummaryHandler(deps), digestPostHandler(deps), ruleNotifyHandler(deps), ...(options.handlers ?? []),
    ],
    tasks: [
      { name: 'reminders.schedule', everyMs: scheduleEveryMs, run: (db, now) => scheduleDueReminders(db, now, reminders) },
      { name: 'reminders.overdue_summaries', everyMs: scheduleEveryMs, run: (db, now) => scheduleOverdueSummaries(db, now, reminders) },
      { name: 'digests.schedule', everyMs: scheduleEveryMs, run: (db, now) => scheduleDueDigests(db, now, reminders.horizonMs) },
      { name: 'jobs.prune', everyMs: 3_600_000, run: (db, now) => pruneJobs(db, new Date(now.getTime() - retainMs)) },
      ...(options.tasks ?? []),
    ],
  });
}

export interface Automation {
  worker: Worker;
  stop(): Promise<void>;
}

/** Starts reminders, overdue summaries, scheduled digests and rule notifications for the running bot. */
export function startAutomation(options: AutomationOptions): Automation {
  const worker = createAutomation(options);
  worker.start({ intervalMs: options.pollMs ?? 1000 });
  (options.logger ?? silentLogger).info({ workerId: worker.id }, 'automation started');
  return { worker, stop: () => worker.stop() };
}
