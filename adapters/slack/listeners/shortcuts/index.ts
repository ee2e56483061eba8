import type { App, MessageShortcut } from '@slack/bolt';
import { messageText, oneLine, SHORTCUTS, shortcutModal, type MessageShortcutBody } from '../../modals.js';
import type { ListenerDeps } from '../context.js';
import { openModal } from '../modals/index.js';

/**
 * How long the customer guess may take. The trigger_id expires three seconds after the click, so
 * a slow database opens the modal without the guess rather than not at all.
 */
export const GUESS_BUDGET_MS = 1200;

/**
 * Message shortcuts "Create ticket from message" and "Log as note": open a modal pre-filled with
 * the message and the customer it names (when it clearly names one). The work happens on submit
 * (see views/), where the message's link is added.
 */
export function registerShortcuts(app: App, deps: ListenerDeps): void {
  for (const callbackId of Object.values(SHORTCUTS)) {
    app.shortcut<MessageShortcut>({ callback_id: callbackId, type: 'message_action' }, async ({ ack, body, client }) => {
      await ack();
      const shortcut = body as unknown as MessageShortcutBody;
      const customer = await guessWithin(deps, oneLine(messageText(shortcut)), shortcut.channel.name);
      await openModal(client, shortcut.trigger_id, shortcutModal(shortcut, customer), deps, { surface: 'shortcut', shortcut: callbackId, user: shortcut.user.id });
    });
  }
}

async function guessWithin(deps: ListenerDeps, text: string, channelName: string | undefined): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      deps.logger.warn({ budgetMs: GUESS_BUDGET_MS }, 'customer guess for the shortcut modal was too slow; opening it without');
      resolve(undefined);
    }, GUESS_BUDGET_MS);
  });
  const guess = deps.customers.guess(text, channelName).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'customer guess for the shortcut modal failed');
    return undefined;
  });
  try {
    return await Promise.race([guess, late]);
  } finally {
    clearTimeout(timer);
  }
}
