import { getCustomer } from '../crm/customers/customer.service.js';
import { listMyReminders } from '../crm/reminders/reminder.service.js';
import { actions, button, context, header, list, reply, text, type Action } from '../reply/reply.js';
import { EXAMPLES } from './common/examples.js';
import { reminderLine } from './customers/reminder-text.js';
import { defineHandler } from './handler.js';

const SHOWN = 10;
/** Buttons only for the first few: a wall of Done/Snooze buttons is harder to use than none. */
const WITH_BUTTONS = 5;

/** "what are my reminders?": the user's open reminders, soonest (and so overdue) first. */
export const listRemindersHandler = defineHandler({
  intent: 'list_reminders',
  writes: false,
  async handle(ctx) {
    const reminders = await listMyReminders(ctx, { limit: 100 });
    if (reminders.length === 0) {
      return {
        reply: reply(
          text('No open reminders — you’re all caught up.'),
          context(`To add one, say “${EXAMPLES.create_reminder[0]}”.`),
        ),
      };
    }
    const shown = reminders.slice(0, SHOWN);
    const names = new Map<number, string>();
    for (const id of new Set(shown.flatMap((r) => (r.customer_id === null ? [] : [r.customer_id])))) {
      names.set(id, (await getCustomer(ctx.db, id)).name);
    }
    const now = ctx.now();
    const overdue = reminders.filter((r) => r.due_at.getTime() < now.getTime()).length;
    const buttons: Action[] = shown.slice(0, WITH_BUTTONS).flatMap((r, i) => [
      button(`Done #${i + 1}`, { verb: 'reminder.done', value: String(r.id), forUserId: ctx.actor.id }),
      button(`Snooze #${i + 1}`, { verb: 'reminder.snooze', value: String(r.id), forUserId: ctx.actor.id }),
    ]);
    const blocks = [
      header(`Your reminders (${reminders.length})`),
      ...(overdue > 0 ? [text(`${overdue} overdue.`, 'warning' as const)] : []),
      list(shown.map((r) => reminderLine(r, r.customer_id === null ? null : (names.get(r.customer_id) ?? null), ctx.tz, now)), true),
      ...(reminders.length > SHOWN ? [context(`…and ${reminders.length - SHOWN} more.`)] : []),
      actions(...buttons),
      context('Snooze moves a reminder one day later.'),
    ];
    return { reply: reply(...blocks) };
  },
});
