import type { App, BlockAction, BlockSuggestion, types, webApi } from '@slack/bolt';
import { slackErrorCode } from '../../deliver.js';
import { CUSTOMER_SELECT, customerOption, dealModal, OPEN_MODAL_ACTIONS, ticketModal, type ModalOrigin } from '../../modals.js';
import type { ListenerDeps } from '../context.js';

/** Slack shows at most 100 options; a short list of the best matches reads better anyway. */
const MAX_OPTIONS = 20;

/**
 * views.open with the click's trigger_id, which expires three seconds after the click: call this
 * right after the ack, before anything slow. Failures are logged with Slack's error code.
 */
export async function openModal(client: webApi.WebClient, triggerId: string, view: types.ModalView, deps: ListenerDeps, context: Record<string, unknown>): Promise<void> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
  } catch (error) {
    deps.logger.error({ err: error, slackError: slackErrorCode(error), ...context }, 'could not open the modal');
  }
}

/** The "New ticket" and "New deal" buttons (App Home), and the customer picker's options. */
export function registerModals(app: App, deps: ListenerDeps): void {
  const opens = [
    { actionId: OPEN_MODAL_ACTIONS.ticket, view: ticketModal },
    { actionId: OPEN_MODAL_ACTIONS.deal, view: dealModal },
  ];
  for (const { actionId, view } of opens) {
    app.action<BlockAction>(actionId, async ({ ack, body, client }) => {
      await ack();
      // On a message the answer goes to its thread; from App Home to the user's DM with the bot.
      const message = body.container.type === 'message' ? (body.message as { ts?: string; thread_ts?: string } | undefined) : undefined;
      const threadTs = message?.thread_ts ?? message?.ts;
      const dm = (body.actions[0] as { value?: string } | undefined)?.value;
      const origin: ModalOrigin | null =
        body.channel && threadTs ? { channel: body.channel.id, threadTs } : dm && /^D[A-Z0-9]+$/.test(dm) ? { channel: dm } : null;
      await openModal(client, body.trigger_id, view(origin), deps, { surface: 'block_actions', action: actionId, user: body.user.id });
    });
  }

  // block_suggestion: must be answered within three seconds, so failures answer with no options.
  app.options<'block_suggestion'>({ action_id: CUSTOMER_SELECT }, async ({ ack, body }) => {
    const query = (body as BlockSuggestion).value.trim();
    let options: types.PlainTextOption[] = [];
    try {
      const found = query ? await deps.customers.search(query, MAX_OPTIONS) : [];
      const seen = new Set<string>();
      for (const candidate of found) {
        const detail = candidate.contactName ? `contact ${candidate.contactName}` : candidate.customer.domain;
        const opt = customerOption(candidate.customer.name, detail);
        if (!opt || seen.has(opt.value)) continue;
        seen.add(opt.value);
        options.push(opt);
      }
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, 'customer search for the picker failed');
      options = [];
    }
    await ack({ options });
  });
}
