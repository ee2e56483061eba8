import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../adapters/console/terminal-chat.js';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { setConsoleUser } from '../../src/app/console-user.js';
import { createReminder } from '../../src/crm/reminders/reminder.service.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { createAutomation } from '../../src/jobs/automation.js';
import { notifierByIdentity } from '../../src/jobs/notifier.js';
import { terminalNotifier } from '../../src/jobs/terminal-notifier.js';
import { useTestDatabase } from '../support/test-db.js';
import { ctxFor, testClock } from '../jobs/jobs-fixtures.js';

const t = useTestDatabase();

describe('the terminal chat', () => {
  it('prints a due reminder as the bot speaking first, and its numbered buttons work', async () => {
    const clock = testClock('2026-11-18T14:00:00Z');
    const ann = await setConsoleUser(t.db, { name: 'Ann Lee', role: 'sales', timeZone: 'America/New_York' });
    await t.db.insertInto('platform_identities').values({ platform: 'console', workspace_id: 'local', platform_user_id: 'ann lee', user_id: ann.id }).onConflict((oc) => oc.doNothing()).execute();
    await createReminder(ctxFor(t.db, ann, clock.t), { text: 'call Jane', due: '2026-11-18T10:00:00-05:00' });
    const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}), now: clock.now });
    const terminal = terminalNotifier(ann.id);
    const worker = createAutomation({ db: t.db, notifier: notifierByIdentity(t.db, { console: terminal.notifier }, ['console']), now: clock.now });
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk) => (screen += String(chunk)));
    const chat = runTerminalChat({ dispatcher, input, output, userName: 'Ann Lee', interactive: false, onReady: terminal.attach, chartsDir: '/tmp' });
    await new Promise((r) => setTimeout(r, 50));
    clock.set('2026-11-18T15:00:00Z'); // 10:00 New York
    await worker.runOnce();
    expect(screen).toContain('⏰ Reminder: call Jane — due 10:00\n[1] Done  [2] Snooze 1 day  [3] Snooze 1 week');
    input.end('3\n');
    await chat;
    expect(screen).toMatch(/Snoozed for a week, to Wed 25 Nov 2026, 10:00: call Jane/);
  });
});
