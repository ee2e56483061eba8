import { parseArgs } from 'node:util';
import { registerDiscordCommands } from '../../../adapters/discord/index.js';
import { CliError, type CliCommand } from '../command.js';

export const discordCommand: CliCommand = {
  name: 'discord',
  summary: 'register the slash commands with Discord (per guild for development, global for production)',
  usage: 'rapport discord register [--guild GUILD_ID]',
  async run(argv) {
    const [verb, ...rest] = argv;
    if (verb !== 'register') throw new CliError(`usage: ${this.usage}`, 2);
    const { values } = parseArgs({ args: rest, options: { guild: { type: 'string' } }, strict: true });
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) {
      if (!process.env[name]) throw new CliError(`${name} is not set: see adapters/discord/README.md`);
    }
    console.log(await registerDiscordCommands(process.env, { guildId: values.guild }));
    return 0;
  },
};
