// The Discord adapter's public surface: the CLI (composition root) wires only these.
export { discordInteractionsRoute, type DiscordDeps } from './http-interactions.js';
export { startDiscordGateway } from './gateway.js';
export { registerDiscordCommands } from './register-commands.js';
export { DISCORD_COMMANDS } from './commands.js';
export { renderDiscord } from './render-discord.js';
