import { cleanText } from '../../src/reply/render-plain-text.js';

/**
 * Outbound: user content (customer names, notes, ticket subjects) → safe Slack mrkdwn.
 *
 * Slack only turns `<!channel>`, `<!here>`, `<@U…>` and `<http…|…>` into pings and links when
 * they arrive as real angle brackets, so escaping &, < and > (Slack's documented three) is what
 * keeps a customer named `<!channel>` from paging a whole channel. Literal `@channel` only pings
 * with `link_names` or automatic parsing; we never ask for either, but a word joiner after the
 * `@` keeps it inert even if a later change does (belt and braces: the text still reads the same).
 */
export function escapeMrkdwn(value: string): string {
  return neutraliseBroadcasts(cleanText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** plain_text objects never parse markup or mentions; only the literal broadcast words need care. */
export function plainText(value: string): string {
  return neutraliseBroadcasts(cleanText(value));
}

function neutraliseBroadcasts(value: string): string {
  return value.replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Cuts to `max` characters (by code point) with an ellipsis, for Slack's per-field limits. */
export function clip(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Inbound: Slack message text → the plain text the intent parser reads. Slack sends &, <, >
 * escaped and wraps mentions and links in angle brackets; the parser wants what the user saw.
 */
export function slackTextToPlain(value: string): string {
  return value
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `@${label || id}`)
    .replace(/<#(C[A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `#${label || id}`)
    .replace(/<!(?:subteam\^[A-Z0-9]+\|)?([^>|]+)(?:\|[^>]*)?>/g, (_m, name: string) => `@${name}`)
    .replace(/<(mailto:)?([^>|]+)\|([^>]*)>/g, (_m, _mailto, _url, label: string) => label)
    .replace(/<mailto:([^>]+)>/g, '$1')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The channels a Slack message links to (`<#C123|sales>`): "sales" → "C123" (a link without a name is keyed by its id). */
export function slackChannelMentions(value: string): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const m of value.matchAll(/<#(C[A-Z0-9]+)(?:\|([^>]*))?>/g)) found[(m[2] || m[1]!).toLowerCase()] = m[1]!;
  return Object.keys(found).length ? found : undefined;
}

/** Removes the bot's own leading mention (`<@U0BOT> lookup Acme` → `lookup Acme`). */
export function stripLeadingMention(value: string, botUserId?: string): string {
  const mention = botUserId ? new RegExp(`^\\s*<@${botUserId}(?:\\|[^>]*)?>[\\s,:]*`) : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,:]*/;
  return value.replace(mention, '');
}
