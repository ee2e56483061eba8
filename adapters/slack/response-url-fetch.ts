/**
 * Bolt's respond() posts to the interaction's response_url once and throws on any non-2xx,
 * without the response's headers. The reply it carries often confirms a write that has already
 * committed, so losing it to one 429 or 502 is not acceptable. Bolt takes its fetch from
 * `clientOptions.fetch`; this wrapper retries those posts: a 429 after its Retry-After (capped),
 * a 5xx or a dropped connection after 1, 2, 4 and 8 s. Any other 4xx (an expired response_url)
 * cannot succeed later and is returned at once.
 *
 * Only JSON posts outside the Web API are retried here: Web API calls already go through the
 * WebClient's retry policy (which reads Retry-After itself), and file uploads send bodies that
 * cannot be sent twice.
 */

export interface ResponseUrlRetry {
  /** Waits after a 5xx or a network error, one per retry. */
  delaysMs: readonly number[];
  /** A Retry-After longer than this is cut to it (a reply minutes late is worth little). */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const RESPONSE_URL_RETRY: ResponseUrlRetry = {
  delaysMs: [1000, 2000, 4000, 8000],
  maxRetryAfterMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Retry-After in seconds (Slack's form) or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function responseUrlFetch(apiUrl: string, fetchFn: typeof fetch = globalThis.fetch, retry: ResponseUrlRetry = RESPONSE_URL_RETRY): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const retryable = init?.method === 'POST' && typeof init.body === 'string' && !url.startsWith(apiUrl);
    if (!retryable) return fetchFn(input, init);
    for (let attempt = 0; ; attempt++) {
      const delay = retry.delaysMs[attempt];
      let response: Response;
      try {
        response = await fetchFn(input, init);
      } catch (error) {
        if (delay === undefined) throw error;
        await retry.sleep(delay);
        continue;
      }
      const transient = response.status === 429 || response.status >= 500;
      if (!transient || delay === undefined) return response;
      const asked = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
      await response.body?.cancel().catch(() => {});
      await retry.sleep(Math.min(asked ?? delay, retry.maxRetryAfterMs));
    }
  };
}
