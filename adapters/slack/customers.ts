import type { Kysely } from 'kysely';
import { searchCustomers, type CustomerCandidate } from '../../src/crm/customers/customer-search.js';
import { decide } from '../../src/crm/customers/name-match.js';
import type { Database } from '../../src/db/database.js';

/**
 * Customer names for modals: the options of the customer picker, and a best guess of the
 * customer a Slack message is about (to pre-fill the shortcut modals). Read-only and cheap;
 * the handler resolves whatever is submitted again, with its own disambiguation.
 */
export interface CustomerDirectory {
  search(query: string, limit: number): Promise<CustomerCandidate[]>;
  /** The one customer the message (or else its channel's name) clearly names; undefined when unsure. */
  guess(text: string, channelName?: string): Promise<string | undefined>;
}

/**
 * Free text is weaker evidence than a typed command: a phrase names a customer only when the
 * handler would resolve it to that one (no pick asked) *and* the hit is an exact name (1), a name
 * equal but for a legal suffix (0.95), or a contact's exact name or email (0.9).
 */
const CONFIDENT = 0.9;
/** At most this many look-ups per guess: the shortcut's trigger_id lasts three seconds. */
const MAX_QUERIES = 6;

/** Words in channel names that say nothing about which customer it is. */
const GENERIC_CHANNEL_WORDS = new Set([
  'ext', 'external', 'shared', 'support', 'sales', 'team', 'customer', 'customers', 'client', 'clients', 'cust', 'proj', 'project',
  'general', 'random', 'help', 'helpdesk', 'tickets', 'deals', 'account', 'accounts', 'success', 'cs', 'crm', 'ops', 'x', 'dm',
]);

export function createCustomerDirectory(db: Kysely<Database>): CustomerDirectory {
  const search = (query: string, limit: number) => searchCustomers(db, query, { limit });
  return {
    search,
    async guess(text, channelName) {
      const fromMessage = await confidentCustomer(search, candidatePhrases(text));
      if (fromMessage !== null) return fromMessage;
      const fromChannel = channelName ? channelPhrase(channelName) : '';
      return fromChannel ? ((await confidentCustomer(search, [fromChannel])) ?? undefined) : undefined;
    },
  };
}

/**
 * Phrases worth looking up: email addresses and web domains (exact hits), then runs of
 * capitalised words ("Acme Corp", "Jane Cooper"), each also without its first word, which is
 * often just the start of the sentence ("Hi Acme Corp" → "Acme Corp").
 */
export function candidatePhrases(text: string): string[] {
  const phrases: string[] = [];
  for (const match of text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) phrases.push(match[0]);
  const runs: string[][] = [];
  let run: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}&'.-]+/u)) {
    const clean = word.replace(/^[.'-]+|[.'-]+$/g, '');
    if (/^\p{Lu}/u.test(clean) && clean.length >= 2) run.push(clean);
    else {
      if (run.length) runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  for (const words of runs) {
    const capped = words.slice(0, 4);
    phrases.push(capped.join(' '));
    if (capped.length > 1) phrases.push(capped.slice(1).join(' '));
  }
  // Web domains last ("acme.example"), leaving out those of the addresses already listed.
  for (const match of text.matchAll(/(?<![@\w.-])(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})\b/gi)) phrases.push(match[1]!.toLowerCase());
  return [...new Set(phrases.filter((p) => p.length >= 3))].slice(0, MAX_QUERIES);
}

/** "ext-acme-corp" → "acme corp"; "" when only generic words are left. */
export function channelPhrase(channelName: string): string {
  return channelName
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !GENERIC_CHANNEL_WORDS.has(w))
    .join(' ');
}

/** The single customer confidently named by the phrases; null when none is, undefined when several are. */
async function confidentCustomer(
  search: CustomerDirectory['search'],
  phrases: string[],
): Promise<string | null | undefined> {
  const named = new Map<number, string>();
  for (const phrase of phrases) {
    const ranked = await search(phrase, 10);
    // The resolver's own rule ("Acme" could be Acme Corp or Acme Industries: that says nothing).
    const decision = decide(ranked, (c) => c.score === 1 && c.matchedOn === ranked[0]?.matchedOn);
    if (decision.kind !== 'match' || decision.match.score < CONFIDENT) continue;
    named.set(decision.match.customer.id, decision.match.customer.name);
  }
  if (named.size === 0) return null;
  return named.size === 1 ? [...named.values()][0] : undefined;
}
