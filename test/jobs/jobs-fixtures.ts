// Clock, users and reminders for the job tests.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { createReminder } from '../../src/crm/reminders/reminder.service.js';
import type { User } from '../../src/crm/users/user.table.js';
import { createAutomation, type AutomationOptions } from '../../src/jobs/automation.js';
import { recordingNotifier } from '../../src/jobs/notifier.js';
import { addCustomer, addUser, ctxFor } from '../crm/customers/crm-fixtures.js';

export { addCustomer, addUser, ctxFor };

/** A clock the test sets by hand. */
export function testClock(start: string) {
  const clock = {
    t: new Date(start),
    now: () => clock.t,
    set(iso: string) {
      clock.t = new Date(iso);
    },
    advance(ms: number) {
      clock.t = new Date(clock.t.getTime() + ms);
    },
  };
  return clock;
}

/** A reminder made through the CRM service, as "remind me …" would (due: YYYY-MM-DD or ISO with offset). */
export async function remind(db: Kysely<Database>, user: User, text: string, due: string, options: { customerId?: number; at?: Date } = {}) {
  return createReminder(ctxFor(db, user, options.at ?? new Date('2026-10-01T00:00:00Z')), { text, due, customerId: options.customerId });
}

/** The automation worker on a test clock with a recording notifier. */
export function automationFor(db: Kysely<Database>, clock: { now: () => Date }, options: Partial<AutomationOptions> = {}) {
  const notifier = recordingNotifier();
  const worker = createAutomation({ db, notifier, now: clock.now, random: () => 0.5, workerId: 'test-worker', ...options });
  return { notifier, worker };
}

export async function jobsOf(db: Kysely<Database>, kind?: string) {
  let q = db.selectFrom('jobs').selectAll().orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}
