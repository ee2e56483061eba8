import type { DbOrTx } from '../../db/database.js';

/**
 * Claims a platform event for processing. True the first time, false when it was already seen:
 * Slack and Discord redeliver events, and a retried message must not create a second ticket.
 */
export async function markEventProcessed(db: DbOrTx, platform: string, eventId: string, at?: Date): Promise<boolean> {
  const row = await db
    .insertInto('processed_events')
    .values({ platform, event_id: eventId, ...(at ? { received_at: at } : {}) })
    .onConflict((oc) => oc.columns(['platform', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets events older than `days` (platforms stop retrying within minutes); returns how many went. */
export async function pruneProcessedEvents(db: DbOrTx, days: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const result = await db.deleteFrom('processed_events').where('received_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
