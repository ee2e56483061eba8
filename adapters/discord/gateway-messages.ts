import { Routes, type REST } from 'discord.js';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import type { Envelope } from '../../src/app/envelope.js';
import type { Logger } from '../../src/app/logger.js';
import type { Reply } from '../../src/reply/reply.js';
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

async function deliverChatReply(message: ChatMessage, reply: Reply, rest: REST): Promise<void> {
  const rendered = renderDiscord(reply);
  const { flags: _flags, ...body } = rendered; // ephemeral exists only for interactions
  const files = replyFiles(reply);
  if (!reply.private || message.guildId === null) {
    await post(rest, message.channelId, { ...body, allowed_mentions: NO_PINGS, message_reference: { message_id: message.id, fail_if_not_exists: false } }, files);
    return;
  }
  // A channel message cannot be private: the answer goes to the asker's DMs, the channel gets a pointer.
  let sent = false;
  try {
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: message.author.id } })) as { id: string };
    await post(rest, dm.id, { ...body, allowed_mentions: NO_PINGS }, files);
    sent = true;
  } catch {
    sent = false; // DMs closed for this server: say so without revealing anything
  }
  const pointer = sent ? '🔒 I sent you my answer in a DM.' : '🔒 My answer is private and I could not DM you. Use `/crm` here to get it just for you.';
  await post(rest, message.channelId, { content: pointer, embeds: [], components: [], allowed_mentions: NO_PINGS, message_reference: { message_id: message.id, fail_if_not_exists: false } });
}

type ChannelMessage = Omit<DiscordMessage, 'allowed_mentions' | 'flags'> & {
  allowed_mentions: typeof NO_PINGS;
  message_reference?: { message_id: string; fail_if_not_exists: boolean };
};

async function post(rest: REST, channelId: string, body: ChannelMessage, files: DiscordFile[] = []): Promise<void> {
  await rest.post(Routes.channelMessages(channelId), {
    body,
    ...(files.length ? { files: files.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: f.contentType })) } : {}),
  });
}
