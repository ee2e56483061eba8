import { createReminder } from '../crm/reminders/reminder.service.js';
import { context, reply, text, type Block } from '../reply/reply.js';
import { formatInstant } from './common/format.js';
import { optionalCustomerFor } from './customers/optional-customer.js';
import { undoActions } from './customers/undo-button.js';
import { defineHandler } from './handler.js';

/**
 * "remind me to send the contract to Acme tomorrow at 3pm": a date-only due time means 09:00
 * in the user's zone (the service decides); the named customer is linked when it clearly
 * matches one, asked about when several match, and simply left out when none does.
 */
export const createReminderHandler = defineHandler({
  intent: 'create_reminder',
  writes: true,
  async handle(ctx, { slots, picked }) {
    const customerResolved = await optionalCustomerFor(ctx, slots.customer, picked);
    if (!customerResolved.ok) return customerResolved.result;
    const customer = customerResolved.value;

    const reminder = await createReminder(ctx, { text: slots.text, due: slots.due, customerId: customer?.id ?? null });
    const auditId = await ctx.audit({
      action: 'reminder.create',
      entity: 'reminder',
      entityId: reminder.id,
      before: null,
      after: { reminderId: reminder.id, text: reminder.text, dueAt: reminder.due_at, customerId: reminder.customer_id },
    });

    const blocks: Block[] = [text(`I’ll remind you on ${formatInstant(reminder.due_at, ctx.tz)}: ${reminder.text}`, 'success')];
    if (customer) blocks.push(context(`Linked to ${customer.name}.`));
    else if (slots.customer) blocks.push(context(`No customer matches “${slots.customer}”, so it isn’t linked to one.`));
    if (reminder.due_at.getTime() <= ctx.now().getTime()) blocks.push(context('That time has already passed, so it shows as overdue.'));
    blocks.push(undoActions(ctx, auditId));
    return {
      reply: reply(...blocks),
      ...(customer ? { remember: { customer: { id: customer.id, name: customer.name } } } : {}),
    };
  },
});
