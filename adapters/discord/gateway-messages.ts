import { Routes, type REST } from 'discord.js';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import type { Envelope } from '../../src/app/envelope.js';
import type { Logger } from '../../src/app/logger.js';
import { chartsDrawing, settleCharts } from '../../src/charts/chart-block.js';
import type { Reply } from '../../src/reply/reply.js';
import { restFiles } from './discord-rest.js';
import { renderDiscord, replyFiles, type DiscordFile, type DiscordMessage } from './render-discord.js';

/** The parts of a gateway MESSAGE_CREATE the bot reads (from a discord.js Message or raw JSON). */
export interface ChatMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  author: { id: string; bot: boolean; name: string };
  content: string;
  /** User ids mentioned in the message (Discord resolves these even without MESSAGE_CONTENT). */
  mentionedUserIds: string[];
}

/**
 * Which messages are for us: every DM, and guild messages that mention the bot. Without the
 * MESSAGE_CONTENT intent Discord still sends the content of exactly these, so both work either
 * way. Our own and other bots' messages are ignored (no reply loops).
 */
export function envelopeFromMessage(message: ChatMessage, botId: string): Envelope | null {
  if (message.author.bot || message.author.id === botId) return null;
  const direct = message.guildId === null;
  if (!direct && !message.mentionedUserIds.includes(botId)) return null;
  const text = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  return {
    platform: 'discord',
    workspaceId: message.guildId ?? 'dm',
    userId: message.author.id,
    userName: message.author.name,
    channelId: message.channelId,
    isDirect: direct,
    // Gateway resumes can replay MESSAGE_CREATE: the message id keeps it to one answer.
    eventId: `message:${message.id}`,
    // deliverChatReply shows the figures first and edits the chart in when drawn.
    chartsFollow: true,
    input: { kind: 'message', text },
  };
}

export interface GatewayMessageDeps {
  dispatcher: Dispatcher;
  rest: REST;
  logger: Logger;
  botId: () => string | undefined;
}

/** Dispatch a chat message and answer in place (a reply to it), or privately by DM. */
export async function handleChatMessage(message: ChatMessage, deps: GatewayMessageDeps): Promise<void> {
  const botId = deps.botId();
  const envelope = botId ? envelopeFromMessage(message, botId) : null;
  if (!envelope) return;
  try {
    const reply = await deps.dispatcher.dispatch(envelope);
    if (reply) await deliverChatReply(message, reply, deps.rest);
  } catch (error) {
    deps.logger.error({ err: error, message: message.id }, 'discord message failed');
  }
}

const NO_PINGS = { parse: [] as [], replied_user: false };

async function deliverChatReply(message: ChatMessage, answer: Reply, rest: REST): Promise<void> {
  const reference = { message_id: message.id, fail_if_not_exists: false };
  if (!answer.private || message.guildId === null) {
    const posted = await post(rest, message.channelId, { ...bodyOf(answer), allowed_mentions: NO_PINGS, message_reference: reference }, replyFiles(answer));
    // The figures are out; the chart is edited in once drawn (or its placeholder taken out, if it could not be).
    if (chartsDrawing(answer)) {
      const drawn = await settleCharts(answer);
      await edit(rest, message.channelId, posted.id, { ...bodyOf(drawn), allowed_mentions: NO_PINGS }, replyFiles(drawn));
    }
    return;
  }
  // A channel message cannot be private: the answer goes to the asker's DMs, the channel gets a pointer.
  const reply = await settleCharts(answer);
  let sent = false;
  try {
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: message.author.id } })) as { id: string };
    await post(rest, dm.id, { ...bodyOf(reply), allowed_mentions: NO_PINGS }, replyFiles(reply));
    sent = true;
  } catch {
    sent = false; // DMs closed for this server: say so without revealing anything
  }
  const pointer = sent ? '🔒 I sent you my answer in a DM.' : '🔒 My answer is private and I could not DM you. Use `/crm` here to get it just for you.';
  await post(rest, message.channelId, { content: pointer, embeds: [], components: [], allowed_mentions: NO_PINGS, message_reference: reference });
}

/** The rendered message without `flags`: ephemeral exists only for interactions. */
function bodyOf(reply: Reply): Omit<DiscordMessage, 'flags'> {
  const { flags: _flags, ...body } = renderDiscord(reply);
  return body;
}

type ChannelMessage = Omit<DiscordMessage, 'allowed_mentions' | 'flags'> & {
  allowed_mentions: typeof NO_PINGS;
  message_reference?: { message_id: string; fail_if_not_exists: boolean };
};

async function post(rest: REST, channelId: string, body: ChannelMessage, files: DiscordFile[] = []): Promise<{ id: string }> {
  return (await rest.post(Routes.channelMessages(channelId), { body, ...restFiles(files) })) as { id: string };
}

async function edit(rest: REST, channelId: string, messageId: string, body: ChannelMessage, files: DiscordFile[]): Promise<void> {
  await rest.patch(Routes.channelMessage(channelId, messageId), { body, ...restFiles(files) });
}
