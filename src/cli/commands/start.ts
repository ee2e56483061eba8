import { startApp } from '../../app/bootstrap.js';
import { dispatchThreadEnabled } from '../../app/dispatch-thread.js';
import type { CliCommand } from '../command.js';
import { configuredPlatforms, servePlatforms } from '../serve-platforms.js';
import { runChat } from './chat.js';

/**
 * `npm start`: the bot. With Slack or Discord configured it serves them (no demo data is loaded
 * into a real workspace); with no platform tokens it is the terminal chat on the embedded demo.
 */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'start the bot: Slack/Discord when configured, otherwise the terminal chat',
  usage: 'rapport start [chat options when no platform is configured]',
  async run(argv) {
    const want = configuredPlatforms(process.env);
    if (!want.slack && !want.discordHttp && !want.discordGateway) return runChat(argv);

    const app = await startApp({ seedIfEmpty: false, dispatchThread: dispatchThreadEnabled(process.env) });
    const platforms = await servePlatforms(app, process.env).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    console.error(`Rapport is running on ${app.database.description}: ${platforms.started.join('; ')}. Ctrl-C stops it.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.error('Stopping…');
    await platforms.stop();
    await app.close();
    return 0;
  },
};
