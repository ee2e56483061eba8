import { REST, Routes } from 'discord.js';
import type { DiscordFile, DiscordMessage } from './render-discord.js';

/**
 * One REST client per process. discord.js REST queues per route and waits out 429s itself, so
 * rate limits need nothing from us. DISCORD_API_URL points it at a proxy or a test double
 * (it is the base including the version, e.g. http://127.0.0.1:8787/api/v10, so `api` + `version`).
 */
export function createDiscordRest(env: NodeJS.ProcessEnv, token?: string): REST {
  const rest = new REST({ ...apiBase(env.DISCORD_API_URL) });
  if (token) rest.setToken(token);
  return rest;
}

export function apiBase(url: string | undefined): { api?: string; version?: string } {
  if (!url) return {};
  const trimmed = url.replace(/\/+$/, '');
  const match = /^(.*)\/v(\d+)$/.exec(trimmed);
  return match ? { api: match[1]!, version: match[2]! } : { api: trimmed };
}

/** A message's files as discord.js REST sends them (multipart, `files[n]`); nothing without files. */
export function restFiles(files: DiscordFile[]): { files?: Array<{ name: string; data: Buffer; contentType: string }> } {
  return files.length ? { files: files.map((f) => ({ name: f.name, data: Buffer.from(f.data), contentType: f.contentType })) } : {};
}

/** The interaction's webhook (valid 15 minutes): the only way to answer after deferring. */
export interface InteractionWebhook {
  editOriginal(message: DiscordMessage, files?: DiscordFile[]): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(message: DiscordMessage, files?: DiscordFile[]): Promise<void>;
}

export function interactionWebhook(rest: REST, applicationId: string, token: string): InteractionWebhook {
  // Interaction webhooks are authorised by their token in the path, not by the bot token.
  const options = (message: DiscordMessage, files: DiscordFile[] = []) => ({ body: message, auth: false, ...restFiles(files) });
  return {
    async editOriginal(message, files) {
      await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), options(message, files));
    },
    async deleteOriginal() {
      await rest.delete(Routes.webhookMessage(applicationId, token, '@original'), { auth: false });
    },
    async followUp(message, files) {
      await rest.post(Routes.webhook(applicationId, token), options(message, files));
    },
  };
}
