import { registerDiscordCommands } from '../../../adapters/discord/index.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

const USAGE = 'rapport discord register [--guild GUILD_ID]';
const cli = cliArgs(USAGE);

export const discordCommand: CliCommand = {
  name: 'discord',
  summary: 'register the slash commands with Discord (per guild for development, global for production)',
  usage: USAGE,
  async run(argv) {
    const [verb, ...rest] = argv;
    if (verb !== 'register') throw new CliError(`usage: ${USAGE}`, 2);
    const { values } = cli.parse(rest, { guild: { type: 'string' } });
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) {
      if (!process.env[name]) throw new CliError(`${name} is not set: see adapters/discord/README.md`);
    }
    console.log(await registerDiscordCommands(process.env, { guildId: values.guild }));
    return 0;
  },
};
