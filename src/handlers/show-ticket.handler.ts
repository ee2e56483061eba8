import { isAppError } from '../app/errors.js';
import { getTicket } from '../crm/tickets/ticket.service.js';
import { actions, context, fields, header, list, reply, text, type Block } from '../reply/reply.js';
import { formatInstant } from './common/format.js';
import { defineHandler } from './handler.js';
import { rememberTicket, ticketFields, ticketTitle, ticketWorkButtons } from './tickets/ticket-render.js';

const SHOWN_COMMENTS = 5;

export const showTicketHandler = defineHandler({
  intent: 'show_ticket',
  writes: false,
  async handle(ctx, { slots }) {
    let found;
    try {
      found = await getTicket(ctx, slots.ticket);
    } catch (error) {
      // The service already names the user's own open tickets; add where to look for the rest.
      if (!isAppError(error, 'not_found')) throw error;
      return { reply: reply(text(error.userMessage, 'warning'), context('Say “my tickets” or “tickets for <customer>” to find the right number.')) };
    }
    const { ticket, comments } = found;

    const blocks: Block[] = [header(ticketTitle(ticket)), fields(...ticketFields(ticket, ctx))];
    if (ticket.description) blocks.push(text(ticket.description));
    const recent = comments.slice(-SHOWN_COMMENTS);
    if (recent.length > 0) {
      blocks.push(
        text(comments.length > recent.length ? `Last ${recent.length} of ${comments.length} comments` : 'Comments'),
        // A change line already says who made it ("… by Ann"); a comment needs its author in front.
        list(recent.map((c) => `${formatInstant(c.created_at, ctx.tz)} · ${c.kind === 'change' ? c.body : `${c.author_name ?? 'someone'}: ${c.body}`}`)),
      );
    } else {
      blocks.push(context('No comments yet.'));
    }
    const buttons = ticketWorkButtons(ctx, ticket, { close: true });
    if (buttons.length > 0) blocks.push(actions(...buttons));
    return { reply: reply(...blocks), remember: rememberTicket(ticket) };
  },
});
