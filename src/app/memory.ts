import { validateIntent } from '../intents/catalog.js';
import type { DbOrTx } from '../db/database.js';
import { precompiled } from '../db/precompiled.js';
import { getConversationState, setConversationState } from '../crm/audit/conversation-state.repository.js';
import type { ConversationMemory } from './conversation.js';
import type { PlatformIdentity, User } from '../crm/users/user.table.js';

export interface MemoryKey {
  platform: string;
  workspaceId: string;
  channelId: string;
  userId: number;
}

/** A pending pick or confirmation older than this is forgotten: the user has moved on. */
const PENDING_TTL_MS = 15 * 60 * 1000;

export async function loadMemory(db: DbOrTx, key: MemoryKey, now = new Date()): Promise<ConversationMemory> {
  return memoryFromState(await getConversationState(db, key), now);
}

/** The memory in a stored conversation state: unknown fields dropped, a pending request past its TTL forgotten. */
export function memoryFromState(stored: Record<string, unknown> | null, now = new Date()): ConversationMemory {
  const state = stored as Partial<ConversationMemory> | null;
  if (!state || typeof state !== 'object') return {};
  const memory: ConversationMemory = {};
  if (state.customer && Number.isSafeInteger(state.customer.id) && typeof state.customer.name === 'string') memory.customer = state.customer;
  if (Number.isSafeInteger(state.ticketNumber)) memory.ticketNumber = state.ticketNumber;
  if (Number.isSafeInteger(state.dealId)) memory.dealId = state.dealId;
  const pending = state.pending;
  if (pending && now.getTime() - Date.parse(pending.at) < PENDING_TTL_MS) {
    const intent = validateIntent(pending.intent);
    if (intent) memory.pending = { ...pending, intent };
  }
  return memory;
}

/**
 * A known platform user and their memory in this conversation, in one round trip (identity,
 * user and conversation_state by their unique keys): what every message starts with. Undefined
 * when the identity is new, for resolvePlatformUser to create.
 */
export async function loadKnownUserAndMemory(
  db: DbOrTx, identity: { platform: string; workspaceId: string; platformUserId: string; channelId: string }, now = new Date(),
): Promise<{ user: User; memory: ConversationMemory } | undefined> {
  const [row] = await knownUserAndState.execute(db, identity);
  if (!row) return undefined;
  const { conversation, ...user } = row;
  return { user, memory: memoryFromState((conversation as Record<string, unknown> | null) ?? null, now) };
}

const knownUserAndState = precompiled<{ platform: string; workspaceId: string; platformUserId: string; channelId: string }, User & { conversation: unknown }>(
  (db, param) =>
    db
      .selectFrom('platform_identities as pi')
      .innerJoin('users as u', 'u.id', 'pi.user_id')
      .leftJoin('conversation_state as cs', (join) =>
        join
          .onRef('cs.user_id', '=', 'u.id')
          .onRef('cs.platform', '=', 'pi.platform')
          .onRef('cs.workspace_id', '=', 'pi.workspace_id')
          .on('cs.channel_id', '=', param('channelId')))
      .selectAll('u')
      .select('cs.state as conversation')
      .where('pi.platform', '=', param('platform') as PlatformIdentity['platform'])
      .where('pi.workspace_id', '=', param('workspaceId'))
      .where('pi.platform_user_id', '=', param('platformUserId')),
);

export async function saveMemory(db: DbOrTx, key: MemoryKey, memory: ConversationMemory): Promise<void> {
  await setConversationState(db, key, JSON.parse(JSON.stringify(memory)) as Record<string, unknown>);
}
