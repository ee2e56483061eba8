import { logActivity } from '../crm/activities/activity.service.js';
import type { ActivityKind } from '../intents/catalog.js';
import { context, reply, text, type Block } from '../reply/reply.js';
import { formatInstant } from './common/format.js';
import { contactFor, customerFor } from './common/pick.js';
import { undoActions } from './customers/undo-button.js';
import { defineHandler } from './handler.js';

const ARTICLE: Record<ActivityKind, string> = { call: 'a call', meeting: 'a meeting', email: 'an email', note: 'a note' };

/** "Logged a call with Jane Cooper at Acme Corp"; a note is *on* a customer, not *with* someone. */
function headline(kind: ActivityKind, customer: string, contact: string | null): string {
  if (kind === 'note') return `Logged a note on ${customer}${contact ? ` about ${contact}` : ''}`;
  return `Logged ${ARTICLE[kind]} with ${contact ? `${contact} at ${customer}` : customer}`;
}

/**
 * "log a call with Jane at Acme: renewal, follow up next Tuesday": the activity and its
 * follow-up reminder in the command's transaction, one audit row covering both so one Undo
 * removes both. A contact name that matches nobody is still logged (the call happened) and
 * the reply says how to add the person.
 */
export const logActivityHandler = defineHandler({
  intent: 'log_activity',
  writes: true,
  async handle(ctx, { slots, picked }) {
    const customerResolved = await customerFor(ctx, slots.customer, picked);
    if (!customerResolved.ok) return customerResolved.result;
    const customer = customerResolved.value;

    let contact = null;
    if (slots.contact) {
      const contactResolved = await contactFor(ctx, customer, slots.contact, picked);
      if (!contactResolved.ok) return contactResolved.result;
      contact = contactResolved.value;
    }
    const unknownContact = slots.contact && !contact ? slots.contact : null;

    const logged = await logActivity(ctx, {
      kind: slots.kind,
      customerId: customer.id,
      contactId: contact?.id ?? null,
      summary: slots.summary ?? null,
      followUp: slots.follow_up ?? null,
      // The service only names known contacts; keep the typed name in the reminder anyway.
      followUpText: unknownContact ? `Follow up with ${unknownContact} at ${customer.name}` : null,
    });
    const auditId = await ctx.audit({
      action: 'activity.create',
      entity: 'activity',
      entityId: logged.activity.id,
      before: null,
      after: {
        activityId: logged.activity.id,
        reminderId: logged.reminder?.id ?? null,
        customerId: customer.id,
        customerName: customer.name,
        kind: logged.activity.kind,
      },
    });

    const blocks: Block[] = [text(headline(slots.kind, customer.name, contact?.name ?? unknownContact), 'success')];
    if (logged.activity.summary) blocks.push(text(logged.activity.summary));
    if (logged.reminder) blocks.push(text(`Follow-up: ${formatInstant(logged.reminder.due_at, ctx.tz)}`));
    if (unknownContact) {
      blocks.push(
        context(`${unknownContact} isn’t a contact at ${customer.name} yet — say “new contact: ${unknownContact} at ${customer.name}” to add them.`),
      );
    }
    blocks.push(undoActions(ctx, auditId));
    return { reply: reply(...blocks), remember: { customer: { id: customer.id, name: customer.name } } };
  },
});
