import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { actionsOf } from '../../src/reply/reply.js';
import { renderPlainText } from '../../src/reply/render-plain-text.js';
import { useTestDatabase } from '../support/test-db.js';
import { chatAs } from '../support/chat.js';
import { automationFor, testClock } from '../jobs/jobs-fixtures.js';

const t = useTestDatabase();

describe('Snooze 1 week on a reminder DM', () => {
  it('moves the reminder a week on (09:00 stays 09:00 across the DST change) and it fires again then, once', async () => {
    const clock = testClock('2026-10-28T12:00:00Z');
    const dispatcher = createDispatcher({ db: t.db, logger: silentLogger, understanding: createUnderstanding({}), now: clock.now });
    const ann = await chatAs(t.db, { user: 'Ann Lee', role: 'sales', timeZone: 'America/New_York', dispatcher });
    await ann.say('remind me to call Jane on 2026-10-29');
    const { worker, notifier } = automationFor(t.db, clock);
    clock.set('2026-10-29T13:00:00Z'); // 09:00 EDT
    await worker.runOnce();
    const [dm] = notifier.to(ann.userId);
    const week = actionsOf(dm!.reply).find((a) => a.kind === 'button' && a.label === 'Snooze 1 week')!;
    const snoozed = await ann.send({ kind: 'action', ref: week.ref });
    expect(renderPlainText(snoozed!)).toMatch(/Snoozed for a week, to Thu 5 Nov.*: call Jane/);
    clock.set('2026-11-05T13:00:00Z'); // 08:00 EST: not yet
    await worker.runOnce();
    expect(notifier.to(ann.userId)).toHaveLength(1);
    clock.set('2026-11-05T14:00:00Z'); // 09:00 EST
    await worker.runOnce();
    await worker.runOnce();
    expect(notifier.to(ann.userId).map((d) => d.text.split('\n')[0])).toEqual(['⏰ Reminder: call Jane — due 09:00', '⏰ Reminder: call Jane — due 09:00']);
    // Undo puts it back to its first due time.
    await ann.click(snoozed!, 'Undo');
    const [row] = await t.db.selectFrom('reminders').select('due_at').execute();
    expect(row!.due_at.toISOString()).toBe('2026-10-29T13:00:00.000Z');
  });
});
