import { runTerminalChat } from '../../../adapters/console/terminal-chat.js';
import { startApp } from '../../app/bootstrap.js';
import { setConsoleUser } from '../../app/console-user.js';
import { EmbeddedDatabaseBusyError } from '../../db/embedded-lock.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';
import { silentLogger } from '../../app/logger.js';
import { startAutomation } from '../../jobs/automation.js';
import { terminalNotifier } from '../../jobs/terminal-notifier.js';
import { notifierByIdentity } from '../../jobs/notifier.js';

export const CHAT_USAGE =
  'rapport chat [--user NAME] [--role sales|support|manager|admin] [--data-dir DIR] [--demo] [--now ISO] [--tz ZONE]';

const ROLES = ['sales', 'support', 'manager', 'admin'] as const;
const cli = cliArgs(CHAT_USAGE);

export const chatCommand: CliCommand = {
  name: 'chat',
  summary: 'chat with the bot in this terminal (embedded database, demo company on first run)',
  usage: CHAT_USAGE,
  run: runChat,
};

export async function runChat(argv: string[]): Promise<number> {
  const { values } = cli.parse(argv, {
    user: { type: 'string' },
    role: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: true },
    'no-demo': { type: 'boolean', default: false },
    now: { type: 'string' },
    tz: { type: 'string' },
  });
  const role = cli.oneOf('--role', values.role || undefined, ROLES);
  const tz = cli.zone('--tz', (values.tz ?? process.env.TZ) || undefined);
  const fixed = cli.instant('--now', values.now || undefined);
  const now = fixed && (() => fixed);

  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (interactive) process.stdout.write('Starting Rapport…\n');
  const app = await startApp({ dataDir: values['data-dir'], seedIfEmpty: values.demo && !values['no-demo'], now }).catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) throw new CliError(error.message);
    throw error;
  });
  try {
    const user = await setConsoleUser(app.database.db, { name: values.user, role, timeZone: tz });
    const banner = [
      `Rapport: ${app.database.description}${app.seeded ? ` (demo company loaded: ${app.seeded.customers} customers)` : ''}`,
      `You are ${user.name} (${user.role}, ${user.time_zone}). Try “help”, “who is Acme?”, “my tickets”, “top 5 customers this year”.`,
      'Answer a numbered button with its number. “exit” or Ctrl-D leaves.',
    ].join('\n');
    // Reminders, summaries and digests: printed into the chat as the bot speaking first.
    const terminal = terminalNotifier(user.id);
    const automation = startAutomation({
      db: app.database.db,
      notifier: notifierByIdentity(app.database.db, { console: terminal.notifier }, ['console']),
      logger: process.env.LOG_LEVEL ? app.logger : silentLogger,
      now,
    });
    try {
      await runTerminalChat({
        dispatcher: app.dispatcher, input: process.stdin, output: process.stdout, userName: user.name, interactive, banner, onReady: terminal.attach,
      });
    } finally {
      await automation.stop();
    }
    return 0;
  } finally {
    await app.close();
  }
}
