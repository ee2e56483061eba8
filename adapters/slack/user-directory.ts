import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/app/logger.js';

export interface UserDirectory {
  /** The person's display name, for the CRM user created on first contact; undefined when Slack will not say. */
  nameOf(userId: string): Promise<string | undefined>;
}

const TTL_MS = 60 * 60 * 1000;

/**
 * Events carry only a user id. The dispatcher names a first-time user after what we pass, and
 * "U04ABC" is a poor name for a salesperson: ask users.info once an hour per user.
 */
export function createUserDirectory(client: webApi.WebClient, logger: Logger): UserDirectory {
  const cache = new Map<string, { name: string | undefined; at: number }>();
  return {
    async nameOf(userId) {
      const hit = cache.get(userId);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.name;
      let name: string | undefined;
      try {
        const { user } = await client.users.info({ user: userId });
        name = user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name || undefined;
      } catch (error) {
        logger.warn({ err: error, userId }, 'users.info failed; using the Slack user id as the name');
      }
      // A failed look-up is retried after a minute, not an hour.
      cache.set(userId, { name, at: name ? Date.now() : Date.now() - TTL_MS + 60_000 });
      return name;
    },
  };
}
