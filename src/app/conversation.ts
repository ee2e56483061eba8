import type { Intent } from '../intents/catalog.js';

/** What the bot remembers per user and channel, so "log a call with them" and "close it" work. */
export interface ConversationMemory {
  customer?: { id: number; name: string };
  ticketNumber?: number;
  dealId?: number;
  /** A command waiting for a pick (disambiguation) or a confirmation (LLM-parsed write). */
  pending?: { intent: Intent; reason: 'pick' | 'confirm'; picked?: Picked; at: string };
}

/** Entities the user already chose, so a re-run of the command does not ask again. */
export interface Picked {
  customerId?: number;
  contactId?: number;
  dealId?: number;
}

const CUSTOMER_PRONOUN = /\b(them|they|this customer|that customer|this account|that account|this company|that company)\b/i;
const TICKET_PRONOUN = /\b(it|this ticket|that ticket|this one|that one)\b/i;
const TICKET_VERB = /\b(close|resolve|reopen|assign|pending|priority|escalate|mark|set|show|status)\b/i;

/**
 * Replaces references to what was just shown with the thing itself, before parsing: the parser
 * stays stateless, and the user sees the same result as if they had typed the name.
 */
export function resolveReferences(text: string, memory: ConversationMemory): string {
  let out = text;
  if (memory.customer && CUSTOMER_PRONOUN.test(out)) {
    out = out.replace(CUSTOMER_PRONOUN, memory.customer.name);
  }
  if (memory.ticketNumber && TICKET_VERB.test(out) && !/#?\d+/.test(out) && TICKET_PRONOUN.test(out)) {
    out = out.replace(TICKET_PRONOUN, `ticket #${memory.ticketNumber}`);
  }
  return out;
}
