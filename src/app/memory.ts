import { validateIntent } from '../intents/catalog.js';
import type { DbOrTx } from '../db/database.js';
import { getConversationState, setConversationState } from '../crm/audit/conversation-state.repository.js';
import type { ConversationMemory } from './conversation.js';

export interface MemoryKey {
  platform: string;
  workspaceId: string;
  channelId: string;
  userId: number;
}

/** A pending pick or confirmation older than this is forgotten: the user has moved on. */
const PENDING_TTL_MS = 15 * 60 * 1000;

export async function loadMemory(db: DbOrTx, key: MemoryKey, now = new Date()): Promise<ConversationMemory> {
  const state = (await getConversationState(db, key)) as Partial<ConversationMemory> | null;
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

export async function saveMemory(db: DbOrTx, key: MemoryKey, memory: ConversationMemory): Promise<void> {
  await setConversationState(db, key, JSON.parse(JSON.stringify(memory)) as Record<string, unknown>);
}
