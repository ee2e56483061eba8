import { describe, expect, it } from 'vitest';
import {
  UNDO_ACTION,
  findAudit,
  lastUndoableFor,
  markUndone,
  recordAudit,
} from '../../../src/crm/audit/audit.repository.js';
import {
  clearConversationState,
  getConversationState,
  setConversationState,
} from '../../../src/crm/audit/conversation-state.repository.js';
import { markEventProcessed, pruneProcessedEvents } from '../../../src/crm/audit/processed-event.repository.js';
import { inTransaction } from '../../../src/db/transaction.js';
import { useTestDatabase } from '../../support/test-db.js';
import { insertUser } from '../tickets/crm-fixtures.js';

const t = useTestDatabase();

const base = { platform: 'slack', intent: 'update_ticket', entity: 'ticket' } as const;

describe('audit log', () => {
  it('round-trips before and after, with dates as ISO strings', async () => {
    const ann = await insertUser(t.db, 'Ann');
    const before = { status: 'open', closed_at: null, amount: '0.10', tags: ['a'] };
    const after = { status: 'closed', closed_at: new Date('2026-11-18T15:00:00.000Z') };
    const id = await recordAudit(t.db, { ...base, actorId: ann.id, action: 'ticket.update', entityId: 7, before, after });

    const entry = await findAudit(t.db, id);
    expect(entry).toMatchObject({
      actor_id: ann.id,
      action: 'ticket.update',
      entity_id: 7,
      before,
      after: { status: 'closed', closed_at: '2026-11-18T15:00:00.000Z' },
      undone_at: null,
    });
    const bare = await recordAudit(t.db, { ...base, actorId: ann.id, action: 'ticket.create', entityId: null });
    expect(await findAudit(t.db, bare)).toMatchObject({ before: null, after: null });
    expect(await findAudit(t.db, 999)).toBeUndefined();
  });

  it('offers the actor’s latest change for undo, skipping undone entries and undos themselves', async () => {
    const ann = await insertUser(t.db, 'Ann');
    const bob = await insertUser(t.db, 'Bob');
    const first = await recordAudit(t.db, { ...base, actorId: ann.id, action: 'ticket.update', entityId: 1 });
    const second = await recordAudit(t.db, { ...base, actorId: ann.id, action: 'ticket.update', entityId: 2 });
    await recordAudit(t.db, { ...base, actorId: bob.id, action: 'ticket.update', entityId: 3 });

    expect((await lastUndoableFor(t.db, ann.id))?.id).toBe(second);
    expect(await markUndone(t.db, second, ann.id)).toBe(true);
    expect(await markUndone(t.db, second, ann.id)).toBe(false);
    await recordAudit(t.db, { ...base, actorId: ann.id, action: UNDO_ACTION, entityId: 2 });
    expect((await lastUndoableFor(t.db, ann.id))?.id).toBe(first);
    expect(await lastUndoableFor(t.db, ann.id, { since: new Date(Date.now() + 60_000) })).toBeUndefined();
    expect(await findAudit(t.db, second)).toMatchObject({ undone_by: ann.id });
  });
});

describe('processed events', () => {
  it('claims an event the first time and refuses it the second time', async () => {
    expect(await markEventProcessed(t.db, 'slack', 'Ev1')).toBe(true);
    expect(await markEventProcessed(t.db, 'slack', 'Ev1')).toBe(false);
    expect(await markEventProcessed(t.db, 'discord', 'Ev1')).toBe(true);
  });

  it('leaves the claim to a rolled-back transaction undone, so a retry runs again', async () => {
    await expect(
      inTransaction(t.db, async (tx) => {
        await markEventProcessed(tx, 'slack', 'Ev2');
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await markEventProcessed(t.db, 'slack', 'Ev2')).toBe(true);
  });

  it('prunes events older than N days', async () => {
    const now = new Date('2026-11-18T00:00:00Z');
    await markEventProcessed(t.db, 'slack', 'old', new Date('2026-11-01T00:00:00Z'));
    await markEventProcessed(t.db, 'slack', 'new', new Date('2026-11-17T00:00:00Z'));
    expect(await pruneProcessedEvents(t.db, 7, now)).toBe(1);
    expect(await markEventProcessed(t.db, 'slack', 'old')).toBe(true);
    expect(await markEventProcessed(t.db, 'slack', 'new')).toBe(false);
  });
});

describe('conversation state', () => {
  it('stores, replaces and clears the state of one conversation only', async () => {
    const ann = await insertUser(t.db, 'Ann');
    const key = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: ann.id };
    const other = { ...key, channelId: 'C2' };
    expect(await getConversationState(t.db, key)).toBeNull();
    await setConversationState(t.db, key, { customer: { id: 1, name: 'Acme' } });
    await setConversationState(t.db, key, { ticketNumber: 42 });
    expect(await getConversationState(t.db, key)).toEqual({ ticketNumber: 42 });
    expect(await getConversationState(t.db, other)).toBeNull();
    await clearConversationState(t.db, key);
    expect(await getConversationState(t.db, key)).toBeNull();
  });
});
