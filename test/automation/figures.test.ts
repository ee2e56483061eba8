// Figures for the report: how fast digests and rule notifications go through the queue with a
// recording notifier. They print numbers and assert only that the work got done.
import { describe, expect, it } from 'vitest';
import { createTicket } from '../../src/crm/tickets/ticket.service.js';
import { inTransaction } from '../../src/db/transaction.js';
import { createDigest } from '../../src/jobs/automations/digests.js';
import { createRule } from '../../src/jobs/automations/rules.js';
import { postgresServerUrl, useTestDatabase } from '../support/test-db.js';
import { addUser, automationFor, ctxFor, testClock } from '../jobs/jobs-fixtures.js';

const t = useTestDatabase();
const driver = postgresServerUrl() ? 'Postgres' : 'PGlite';
const report = (line: string) => console.log(`[automation figures · ${driver}] ${line}`);

describe('automation throughput', () => {
  it('digests posted per second (tickets report, empty CRM) and urgent-ticket events notified per second', async () => {
    const clock = testClock('2026-11-18T15:00:00Z');
    const marcus = await addUser(t.db, { name: 'Marcus Reed', role: 'manager', timeZone: 'America/New_York' });
    const D = 100;
    for (let i = 0; i < D; i += 1) {
      await createDigest(t.db, {
        platform: 'slack', workspaceId: 'T', channelId: `C${i}`, channelLabel: `#c${i}`, report: 'tickets', createdBy: marcus.id, now: clock.now(),
        schedule: { frequency: 'daily', time: '09:00', timeZone: 'America/New_York' },
      });
    }
    const { worker, notifier } = automationFor(t.db, clock, { batchSize: 50 });
    clock.set('2026-11-19T14:00:00Z');
    let start = performance.now();
    await worker.runOnce();
    report(`${D} digests scheduled and posted: ${Math.round(D / ((performance.now() - start) / 1000))} digests/s`);
    expect(notifier.posts()).toHaveLength(D);

    // 10 rules (channels) × 50 urgent tickets each written in its own transaction, then flushed.
    const R = 10;
    for (let i = 0; i < R; i += 1) {
      await createRule(t.db, { event: 'urgent_ticket', platform: 'slack', workspaceId: 'T', channelId: `S${i}`, channelLabel: `#s${i}`, timeZone: 'UTC', createdBy: marcus.id });
    }
    const E = 50;
    start = performance.now();
    for (let i = 0; i < E; i += 1) {
      await inTransaction(t.db, (tx) => createTicket(ctxFor(tx as never, marcus, clock.now()), { subject: `down ${i}`, priority: 'urgent' }));
    }
    report(`${E} urgent tickets written with ${R} rules each (${E * R} events recorded and enqueued): ${Math.round(E / ((performance.now() - start) / 1000))} ticket writes/s`);
    notifier.clear();
    clock.set('2026-11-19T14:05:00Z');
    start = performance.now();
    await worker.runOnce();
    report(`${E * R} rule jobs folded into ${notifier.posts().length} messages: ${Math.round((E * R) / ((performance.now() - start) / 1000))} events/s`);
    expect(notifier.posts()).toHaveLength(R);
  });
});
