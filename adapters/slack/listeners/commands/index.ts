import type { App } from '@slack/bolt';
import { commandEnvelope } from '../../envelopes.js';
import { dealModal, ticketModal } from '../../modals.js';
import type { ListenerDeps } from '../context.js';
import { openModal } from '../modals/index.js';

export const CRM_COMMAND = '/crm';

/** `/crm new ticket` and `/crm new deal` on their own open the form instead (a UI shortcut; the dispatcher is not asked). */
const OPENS_MODAL = /^\s*(?:new|create|open)\s+(?:an?\s+)?(ticket|deal)\s*$/i;

/**
 * `/crm <text>`: ack with an empty body at once (Slack's 3-second window, and an empty ack keeps
 * Slack from echoing anything), then dispatch and answer through the response_url, which stays
 * valid for 30 minutes however slow the database or the model is.
 */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(CRM_COMMAND, async ({ ack, body, respond, client }) => {
    await ack();
    const form = OPENS_MODAL.exec(body.text)?.[1]?.toLowerCase();
    if (form) {
      // The answer goes to the channel the command was typed in (a DM when the bot cannot post there).
      const view = form === 'deal' ? dealModal({ channel: body.channel_id }) : ticketModal({ channel: body.channel_id });
      await openModal(client, body.trigger_id, view, deps, { surface: 'command', form, user: body.user_id });
      return;
    }
    const envelope = commandEnvelope(body);
    const reply = await deps.dispatcher.dispatch(envelope);
    if (!reply) return;
    await deps.sender.send(reply, { kind: 'response_url', respond, channel: body.channel_id }, { surface: 'command', channel: body.channel_id, user: body.user_id });
  });
}
