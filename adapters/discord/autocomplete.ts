import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type { Kysely } from 'kysely';
import type { Logger } from '../../src/app/logger.js';
import { searchCustomers } from '../../src/crm/customers/customer-search.js';
import type { Database } from '../../src/db/database.js';
import { cleanText } from '../../src/reply/render-plain-text.js';
import { truncate } from './discord-markdown.js';

const MAX_CHOICES = 25;
// Discord drops an autocomplete answer after 3 s; an empty list beats no list.
const AUTOCOMPLETE_BUDGET_MS = 2000;

/**
 * Customer names for an autocomplete box, best match first. The value is the name itself: the
 * command then reads like "look up Acme Corp", and a name shared by two customers is settled by
 * the usual disambiguation buttons.
 */
export async function customerChoices(deps: { db: Kysely<Database>; logger: Logger }, query: string): Promise<APIApplicationCommandOptionChoice<string>[]> {
  if (!query.trim()) return [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<[]>((resolve) => {
    timer = setTimeout(() => resolve([]), AUTOCOMPLETE_BUDGET_MS);
  });
  try {
    const found = await Promise.race([searchCustomers(deps.db, query, { limit: MAX_CHOICES }), timeout]);
    const seen = new Set<string>();
    return found
      .map((c) => truncate(cleanText(c.customer.name).trim(), 100))
      .filter((name) => name.length > 0 && !seen.has(name) && seen.add(name))
      .map((name) => ({ name, value: name }));
  } catch (error) {
    deps.logger.warn({ err: error }, 'discord autocomplete failed');
    return [];
  } finally {
    clearTimeout(timer);
  }
}
