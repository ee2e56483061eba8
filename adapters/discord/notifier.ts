import { createHash } from 'node:crypto';
import { Routes, type REST } from 'discord.js';
import type { DbOrTx } from '../../src/db/database.js';
import { NoRouteError, type ChannelRef, type Notifier, type NotifyTarget } from '../../src/jobs/notifier.js';
import type { Reply } from '../../src/reply/reply.js';
import { createDiscordRest } from './discord-rest.js';
import { renderDiscord, replyFiles, type DiscordMessage } from './render-discord.js';

export interface DiscordNotifierOptions {
  /** A REST client with the bot token (createDiscordRest(env, DISCORD_TOKEN)). */
  rest: REST;
  /** Read only: the user's Discord identity (platform_identities). */
  db: DbOrTx;
}

const SNOWFLAKE = /^\d{15,22}$/;

/**
 * Messages the bot sends first, on Discord: a DM is POST /users/@me/channels {recipient_id}
 * (the DM channel, cached per process) then POST /channels/{id}/messages; a channel post goes
 * straight to /channels/{id}/messages. A channel stored by name (#sales typed in chat) is found
 * in the guild's channel list. discord.js REST waits out 429s; other errors are thrown, so the
 * job queue retries with backoff. `nonce` + `enforce_nonce` carry the idempotency key: Discord
 * drops a repeat with the same nonce sent within a few minutes.
 */
export function discordNotifier(options: DiscordNotifierOptions): Notifier {
  const { rest, db } = options;
  const dmChannels = new Map<string, string>();
  const namedChannels = new Map<string, string>();

  async function discordUserOf(target: NotifyTarget): Promise<string> {
    const identity = await db
      .selectFrom('platform_identities')
      .select('platform_user_id')
      .where('user_id', '=', target.userId)
      .where('platform', '=', 'discord')
      .orderBy('id')
      .executeTakeFirst();
    if (!identity) throw new NoRouteError(target.userId);
    return identity.platform_user_id;
  }

  async function dmChannel(discordUser: string): Promise<string> {
    const cached = dmChannels.get(discordUser);
    if (cached) return cached;
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: discordUser } })) as { id?: string };
    if (!channel.id) throw new Error(`Discord opened no DM channel for ${discordUser}`);
    dmChannels.set(discordUser, channel.id);
    return channel.id;
  }

  async function channelId(channel: ChannelRef): Promise<string> {
    const id = channel.channelId.replace(/^<#(\d+)>$/, '$1');
    if (SNOWFLAKE.test(id)) return id;
    const name = id.replace(/^#/, '').toLowerCase();
    const key = `${channel.workspaceId}/${name}`;
    const cached = namedChannels.get(key);
    if (cached) return cached;
    const list = (await rest.get(Routes.guildChannels(channel.workspaceId))) as Array<{ id: string; name?: string; type: number }>;
    const found = list.find((c) => c.type === 0 && c.name?.toLowerCase() === name);
    if (!found) throw new Error(`no text channel named #${name} in Discord guild ${channel.workspaceId}`);
    namedChannels.set(key, found.id);
    return found.id;
  }

  async function postTo(channel: string, reply: Reply, idempotencyKey: string): Promise<void> {
    // A bot message has no ephemeral form: a DM is private already, a channel post is public.
    const { flags: _flags, ...message }: DiscordMessage = renderDiscord({ ...reply, private: false });
    const files = replyFiles(reply);
    const nonce = idempotencyKey.length <= 25 ? idempotencyKey : hashNonce(idempotencyKey);
    await rest.post(Routes.channelMessages(channel), {
      body: { ...message, nonce, enforce_nonce: true },
      ...(files.length ? { files: files.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: f.contentType })) } : {}),
    });
  }

  return {
    async deliver(target, reply, idempotencyKey) {
      await postTo(await dmChannel(await discordUserOf(target)), reply, idempotencyKey);
    },
    async post(channel, reply, idempotencyKey) {
      await postTo(await channelId(channel), reply, idempotencyKey);
    },
  };
}

/** Discord nonces are at most 25 characters: a short stable digest of the key. */
const hashNonce = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 25);

/** The Discord notifier for `npm start`: it needs the bot token (DISCORD_TOKEN) to open DMs and post. */
export function discordNotifierFromEnv(db: DbOrTx, env: NodeJS.ProcessEnv): Notifier | undefined {
  return env.DISCORD_TOKEN ? discordNotifier({ rest: createDiscordRest(env, env.DISCORD_TOKEN), db }) : undefined;
}
