import type { CliCommand } from '../command.js';

/**
 * Commands load on use, so `rapport parse` starts without loading the database, the platform
 * SDKs or anything else it does not need.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'start', summary: 'start the bot: Slack/Discord when configured, otherwise the terminal chat', load: () => import('./start.js').then((m) => m.startCommand) },
  { name: 'chat', summary: 'chat with the bot in this terminal (embedded database, demo company on first run)', load: () => import('./chat.js').then((m) => m.chatCommand) },
  { name: 'migrate', summary: 'apply all pending database migrations (safe to run again)', load: () => import('./migrate.js').then((m) => m.migrateCommand) },
  { name: 'seed', summary: 'load the demo company (--demo), or a scaled copy for benchmarks (--scale N)', load: () => import('./seed.js').then((m) => m.seedCommand) },
  { name: 'import', summary: 'import customers, contacts, orders or activities from CSV (--dry-run shows what would change)', load: () => import('./import.js').then((m) => m.importCommand) },
  { name: 'users', summary: 'list CRM users and their chat identities; change a role or time zone', load: () => import('./users.js').then((m) => m.usersCommand) },
  { name: 'discord', summary: 'register the slash commands with Discord (rapport discord register [--guild ID])', load: () => import('./discord.js').then((m) => m.discordCommand) },
  { name: 'doctor', summary: 'show the database in use, migration state, row counts and configured platforms', load: () => import('./doctor.js').then((m) => m.doctorCommand) },
  { name: 'parse', summary: 'print the intent of each stdin line as JSON (offline, no database)', load: () => import('./parse.js').then((m) => m.parseCommand) },
  { name: 'eval', summary: 'score the parser on the labelled utterances', load: () => import('./eval.js').then((m) => m.evalCommand) },
  { name: 'bench', summary: 'measure parser throughput and command latency against the configured database', load: () => import('./bench.js').then((m) => m.benchCommand) },
  { name: 'report', summary: 'print a report (and --png a chart) from the command line', load: () => import('./report.js').then((m) => m.reportCommand) },
  { name: 'duplicates', summary: 'list likely duplicate customers with a confidence (merge them in chat)', load: () => import('./duplicates.js').then((m) => m.duplicatesCommand) },
];
