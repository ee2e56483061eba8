import { cleanText } from '../../src/reply/render-plain-text.js';

/**
 * Reply text is plain data (see src/reply/reply.ts): everything a user or a customer record can
 * contain is escaped here before it reaches Discord, so a customer named `**@everyone**` or
 * `<@&123>` shows literally and pings nobody. allowed_mentions `{ parse: [] }` is the real guard
 * against pings; breaking the words as well keeps them from even looking like mentions and
 * protects any message that ever goes out without the guard.
 */
const ZERO_WIDTH_SPACE = '\u200b';
// Inline markdown, headings/list/quote markers at a line start, masked links, and the angle
// bracket that opens every mention, channel, emoji and timestamp token (<@id>, <#id>, <t:…>).
const INLINE = /[\\*_~|`[\]<>]/g;
const LINE_START = /^(\s*)(?:([#-])|(\d+)\.)/gm;

export function breakMassMentions(value: string): string {
  return value.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`);
}

/** Escapes text for markdown contexts (content, embed description, titles, field names/values). */
export function escapeMarkdown(value: string): string {
  const escaped = cleanText(value)
    .replace(INLINE, '\\$&')
    .replace(LINE_START, (_m, space: string, marker?: string, number?: string) => (marker ? `${space}\\${marker}` : `${space}${number}\\.`));
  return breakMassMentions(escaped);
}

/** For text that Discord shows without markdown (button labels, select options, placeholders). */
export function plainLabel(value: string): string {
  return breakMassMentions(cleanText(value).replace(/\s+/g, ' ').trim());
}

/** Text inside a ``` block: only a backtick can end the block, so swap it for a look-alike. */
export function codeBlockText(value: string): string {
  return breakMassMentions(cleanText(value).replace(/`/g, 'ˋ'));
}

/**
 * Cuts `value` to at most `max` UTF-16 units (what Discord's limits count), never in the middle
 * of a surrogate pair or right after a lone escaping backslash, and ends it with `suffix`.
 */
export function truncate(value: string, max: number, suffix = '…'): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, Math.max(0, max - suffix.length));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  return cut + suffix;
}

/**
 * Shortens markdown to `max` at a line boundary when it can, closes a code block left open by
 * the cut, and appends `note` so the reader knows something is missing.
 */
export function truncateMarkdown(value: string, max: number, note: string): string {
  if (value.length <= max) return value;
  const room = max - note.length - '\n```\n'.length;
  let cut = truncate(value, room, '');
  const lastLine = cut.lastIndexOf('\n');
  if (lastLine > room / 2) cut = cut.slice(0, lastLine);
  const fences = cut.match(/```/g)?.length ?? 0;
  if (fences % 2 === 1) cut += '\n```';
  return `${cut}\n${note}`;
}
