import type { DbOrTx } from '../../db/database.js';
import { precompiled } from '../../db/precompiled.js';

/**
 * Claims a platform event for processing. True the first time, false when it was already seen:
 * Slack and Discord redeliver events, and a retried message must not create a second ticket.
 */
export async function markEventProcessed(db: DbOrTx, platform: string, eventId: string, at: Date = new Date()): Promise<boolean> {
  return (await claim.execute(db, { platform, eventId, at })).length > 0;
}

// Every message with an event id sends this: built once (see precompiled).
const claim = precompiled<{ platform: string; eventId: string; at: Date }, { event_id: string }>((db, param) =>
  db
    .insertInto('processed_events')
    .values({ platform: param('platform'), event_id: param('eventId'), received_at: param('at') })
    .onConflict((oc) => oc.columns(['platform', 'event_id']).doNothing())
    .returning('event_id'),
);

/** Forgets events older than `days` (platforms stop retrying within minutes); returns how many went. */
export async function pruneProcessedEvents(db: DbOrTx, days: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const result = await db.deleteFrom('processed_events').where('received_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
