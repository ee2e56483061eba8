import { afterAll, describe, expect, it } from 'vitest';
import { DISCORD_COMMANDS } from '../../../adapters/discord/commands.js';
import { registerDiscordCommands } from '../../../adapters/discord/register-commands.js';
import { APP_ID, GUILD_ID, mockDiscordApi } from './discord-fixtures.js';

const api = mockDiscordApi();
afterAll(() => api.close());
const env = { DISCORD_TOKEN: 'test-bot-token', DISCORD_APPLICATION_ID: APP_ID };

describe('registerDiscordCommands', () => {
  it('PUTs the whole command set to one server for development', async () => {
    const summary = await registerDiscordCommands(env, { guildId: GUILD_ID, rest: api.rest });
    expect(api.calls).toEqual([{ method: 'PUT', path: `/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, body: JSON.parse(JSON.stringify(DISCORD_COMMANDS)) }]);
    expect(summary).toMatch(/^Registered \d+ commands in server/);
    api.calls.length = 0;
  });

  it('PUTs globally without a server id', async () => {
    await registerDiscordCommands(env, { rest: api.rest });
    expect(api.calls.map((c) => [c.method, c.path])).toEqual([['PUT', `/api/v10/applications/${APP_ID}/commands`]]);
  });

  it('refuses without a token and application id', async () => {
    await expect(registerDiscordCommands({}, { rest: api.rest })).rejects.toThrow(/DISCORD_TOKEN/);
  });

  it('keeps every definition inside Discord limits', () => {
    for (const command of DISCORD_COMMANDS) {
      expect(command.name).toMatch(/^[a-z_-]{1,32}$/);
      expect(command.description.length).toBeLessThanOrEqual(100);
      const options = command.options.flatMap((o: any) => [o, ...(o.options ?? [])]);
      expect(command.options.length).toBeLessThanOrEqual(25);
      for (const o of options) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });
});
