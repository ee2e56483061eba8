import { Client, Events, GatewayIntentBits, Partials, Routes, type APIInteraction, type Message, type REST } from 'discord.js';
import type { DiscordDeps } from './http-interactions.js';
import { apiBase, createDiscordRest, interactionWebhook } from './discord-rest.js';
import { handleChatMessage, type ChatMessage } from './gateway-messages.js';
import { routeInteraction } from './interaction-router.js';

const truthy = (v: string | undefined) => /^(1|true|yes|on)$/i.test(v ?? '');

/**
 * Connects to the gateway for mentions and DMs (and for slash commands and clicks when no
 * interactions endpoint URL is configured). Nothing is kept in process memory between events:
 * state lives in the database, so shards (see README) can run in separate processes.
 */
export async function startDiscordGateway(deps: DiscordDeps): Promise<{ stop(): Promise<void> }> {
  const token = deps.env.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set: the gateway needs the bot token');
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  // Privileged: only when enabled in the Developer Portal too, or Discord refuses the login.
  if (truthy(deps.env.DISCORD_MESSAGE_CONTENT)) intents.push(GatewayIntentBits.MessageContent);
  const client = new Client({ intents, partials: [Partials.Channel], rest: apiBase(deps.env.DISCORD_API_URL), allowedMentions: { parse: [], repliedUser: false } });
  const rest = createDiscordRest(deps.env, token);
  attachGatewayHandlers(client, deps, rest);
  await client.login(token);
  return {
    async stop() {
      await client.destroy();
    },
  };
}

/** Wires the handlers onto a client (exported so tests can drive it without logging in). */
export function attachGatewayHandlers(client: Client, deps: DiscordDeps, rest: REST): void {
  const logger = deps.logger.child({ adapter: 'discord-gateway' });
  const botId = () => client.user?.id ?? deps.env.DISCORD_APPLICATION_ID;

  client.on(Events.MessageCreate, (message) => {
    void handleChatMessage(chatMessageOf(message), { dispatcher: deps.dispatcher, rest, logger, botId });
  });

  // The raw packet keeps one code path with the HTTP endpoint: same router, same payload.
  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const raw = packet.d as APIInteraction;
    void (async () => {
      try {
        const plan = await routeInteraction(raw, { dispatcher: deps.dispatcher, db: deps.db, logger });
        await rest.post(Routes.interactionCallback(raw.id, raw.token), { body: plan.response, auth: false });
        await plan.followUp?.(interactionWebhook(rest, raw.application_id, raw.token));
      } catch (error) {
        logger.error({ err: error, interaction: raw.id }, 'discord interaction failed');
      }
    })();
  });

  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
}

export function chatMessageOf(message: Message): ChatMessage {
  return {
    id: message.id,
    channelId: message.channelId,
    guildId: message.guildId,
    author: { id: message.author.id, bot: message.author.bot, name: message.member?.displayName ?? message.author.globalName ?? message.author.username },
    content: message.content,
    mentionedUserIds: [...message.mentions.users.keys()],
  };
}
