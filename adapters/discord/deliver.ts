import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from 'discord.js';
import type { Logger } from '../../src/app/logger.js';
import { chartsDrawing, settleCharts } from '../../src/charts/chart-block.js';
import type { Reply } from '../../src/reply/reply.js';
import type { InteractionWebhook } from './discord-rest.js';
import { renderDiscord, replyFiles, type DiscordMessage } from './render-discord.js';

/**
 * The one place that turns a dispatcher result into Discord calls after a deferral. Private
 * replies never go into a public message: the first follow-up after a public defer inherits
 * the defer's visibility (Discord keeps it for backwards compatibility), so the placeholder is
 * resolved and removed first and the private answer goes out as an ephemeral follow-up.
 */

const PRIVATE_PLACEHOLDER: DiscordMessage = {
  content: '🔒 Only you can see my answer.',
  embeds: [],
  components: [],
  allowed_mentions: { parse: [] },
};

/** An immediate ephemeral answer in our own words (unknown command, unreadable button): nothing is dispatched. */
export function notice(message: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: `⚠️ ${message}`, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

/**
 * After a DEFERRED_CHANNEL_MESSAGE (type 5): the "thinking…" message is @original. A public
 * report is shown as soon as its figures are ready, and edited again to add its chart once
 * drawn; a private answer (an ephemeral follow-up) waits for its chart.
 */
export async function deliverToCommand(webhook: InteractionWebhook, reply: Reply | null, logger: Logger): Promise<void> {
  await guard(logger, async () => {
    if (!reply) return webhook.deleteOriginal(); // already processed: the first delivery answered
    if (reply.private) {
      const drawn = await settleCharts(reply);
      await webhook.editOriginal(PRIVATE_PLACEHOLDER);
      await webhook.followUp(renderDiscord(drawn), replyFiles(drawn));
      await webhook.deleteOriginal();
      return;
    }
    await webhook.editOriginal(renderDiscord(reply), replyFiles(reply));
    await addCharts(webhook, reply, (message) => message);
  });
}

/** After a DEFERRED_UPDATE_MESSAGE (type 6): @original is the message whose button was used. */
export async function deliverToComponent(webhook: InteractionWebhook, reply: Reply | null, logger: Logger): Promise<void> {
  await guard(logger, async () => {
    if (!reply) return;
    // A refusal or a private answer must not replace a card other people can see.
    if (reply.private) {
      const drawn = await settleCharts(reply);
      return webhook.followUp(renderDiscord(drawn), replyFiles(drawn));
    }
    await webhook.editOriginal(withoutFlags(renderDiscord(reply)), replyFiles(reply));
    await addCharts(webhook, reply, withoutFlags);
  });
}

/** Once the reply's charts are drawn, @original again with them (or without their placeholders, if one could not be drawn). */
async function addCharts(webhook: InteractionWebhook, reply: Reply, shape: (message: DiscordMessage) => DiscordMessage): Promise<void> {
  if (!chartsDrawing(reply)) return;
  const drawn = await settleCharts(reply);
  await webhook.editOriginal(shape(renderDiscord(drawn)), replyFiles(drawn));
}

function withoutFlags(message: DiscordMessage): DiscordMessage {
  const { flags: _flags, ...rest } = message;
  return rest;
}

async function guard(logger: Logger, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    // The write (if any) has committed by now; only the answer was lost. Log it for the operator.
    logger.error({ err: error }, 'discord follow-up failed');
  }
}
