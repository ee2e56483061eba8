import type { DbOrTx } from '../../db/database.js';
import { precompiled } from '../../db/precompiled.js';

/** One conversation: a user in a channel of a workspace on a platform. */
export interface ConversationKey {
  platform: string;
  workspaceId: string;
  channelId: string;
  userId: number;
}

function whereKey<Q extends { where: (...args: any[]) => Q }>(query: Q, key: ConversationKey): Q {
  return query
    .where('platform', '=', key.platform)
    .where('workspace_id', '=', key.workspaceId)
    .where('channel_id', '=', key.channelId)
    .where('user_id', '=', key.userId);
}

/** The stored state, or null when this conversation has none. */
export async function getConversationState(db: DbOrTx, key: ConversationKey): Promise<Record<string, unknown> | null> {
  const row = await whereKey(db.selectFrom('conversation_state').select('state'), key).executeTakeFirst();
  return row?.state ?? null;
}

/** Replaces the state of a conversation (insert or update in one statement). */
export async function setConversationState(
  db: DbOrTx,
  key: ConversationKey,
  state: Record<string, unknown>,
  at: Date = new Date(),
): Promise<void> {
  await upsertState.execute(db, { ...key, state: JSON.stringify(state), at });
}

// Saved after most messages: built once (see precompiled).
const upsertState = precompiled<ConversationKey & { state: string; at: Date }, unknown>((db, param) =>
  db
    .insertInto('conversation_state')
    .values({
      platform: param('platform'),
      workspace_id: param('workspaceId'),
      channel_id: param('channelId'),
      user_id: param('userId'),
      state: param('state'),
      updated_at: param('at'),
    })
    .onConflict((oc) =>
      oc.columns(['platform', 'workspace_id', 'channel_id', 'user_id']).doUpdateSet((eb) => ({
        state: eb.ref('excluded.state'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    ),
);

export async function clearConversationState(db: DbOrTx, key: ConversationKey): Promise<void> {
  await whereKey(db.deleteFrom('conversation_state'), key).execute();
}
