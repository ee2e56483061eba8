import { Routes, type REST } from 'discord.js';
import { DISCORD_COMMANDS } from './commands.js';
import { createDiscordRest } from './discord-rest.js';

/**
 * PUT replaces the whole command set in one call, so registering is idempotent and removes
 * commands this version no longer has. Guild commands appear at once (use them while
 * developing); global ones reach every server the app is in, within about an hour.
 */
export async function registerDiscordCommands(env: NodeJS.ProcessEnv, options: { guildId?: string; rest?: REST } = {}): Promise<string> {
  const token = env.DISCORD_TOKEN;
  const applicationId = env.DISCORD_APPLICATION_ID;
  if (!token || !applicationId) throw new Error('registering commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  const rest = options.rest ?? createDiscordRest(env, token);
  const route = options.guildId ? Routes.applicationGuildCommands(applicationId, options.guildId) : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body: DISCORD_COMMANDS })) as Array<{ name: string }>;
  const names = saved.map((c) => `/${c.name}`).join(', ');
  return options.guildId
    ? `Registered ${saved.length} commands in server ${options.guildId} (available now): ${names}`
    : `Registered ${saved.length} global commands (may take up to an hour to appear everywhere): ${names}`;
}
