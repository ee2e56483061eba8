import { MessageFlags, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Block, Reply, TableColumn, Tone } from '../../src/reply/reply.js';
import { renderComponents, type DiscordActionRow } from './render-components.js';
import { cleanText } from '../../src/reply/render-plain-text.js';
import { breakMassMentions, codeBlockText, escapeMarkdown, truncate, truncateMarkdown } from './discord-markdown.js';

/** Discord's documented message and embed limits (UTF-16 units). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
} as const;

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: DiscordActionRow[];
  /** Always `parse: []`: nothing in a reply may ping anyone. */
  allowed_mentions: { parse: []; replied_user?: boolean };
  flags?: MessageFlags.Ephemeral;
  /** Alt text for uploaded charts; the bytes travel separately (see `replyFiles`). */
  attachments?: Array<{ id: number; filename: string; description?: string }>;
}

export interface DiscordFile {
  name: string;
  data: Uint8Array;
  contentType: 'image/png';
}

const COLOR: Record<Tone, number> = { normal: 0x5865f2, success: 0x2e7d32, warning: 0xf9a825, error: 0xc62828, muted: 0x99aab5 };
const SEVERITY: Tone[] = ['error', 'warning', 'success'];
const TONE_MARK: Record<Tone, string> = { normal: '', success: '✅ ', warning: '⚠️ ', error: '❌ ', muted: '' };
export const TRUNCATED_NOTE = '*… cut to fit Discord’s limits: ask for something narrower to see the rest.*';
const MAX_CELL = 30;
// A field this short sits beside its neighbours; longer ones get the full width to stay readable.
const INLINE_FIELD = 40;

/**
 * Reply → Discord message body (content, embeds, components). Exhaustive over block types;
 * replies of only text/context become plain content, anything structured becomes one embed.
 */
export function renderDiscord(r: Reply): DiscordMessage {
  const { rows, notes: componentNotes } = renderComponents(r.blocks);
  const message: DiscordMessage = { embeds: [], components: rows, allowed_mentions: { parse: [] } };
  const simple = r.blocks.every((b) => b.type === 'text' || b.type === 'context' || b.type === 'actions');
  if (simple) {
    const lines = r.blocks.flatMap((b) => (b.type === 'text' ? [toned(b.text, b.tone)] : b.type === 'context' ? [`-# ${escapeMarkdown(b.text)}`] : []));
    lines.push(...componentNotes.map((n) => `-# ${n}`));
    const content = truncateMarkdown(lines.join('\n'), LIMITS.content, TRUNCATED_NOTE);
    if (content) message.content = content;
  } else {
    const { embeds, attachments } = renderEmbeds(r.blocks, componentNotes);
    message.embeds = embeds;
    if (attachments.length) message.attachments = attachments;
  }
  if (r.private) message.flags = MessageFlags.Ephemeral;
  return message;
}

/** The chart bytes to upload with the message, named as the embeds reference them. */
export function replyFiles(r: Reply): DiscordFile[] {
  return chartBlocks(r.blocks).map(({ block, name }) => ({ name, data: block.png, contentType: 'image/png' }));
}

type ImageBlock = Extract<Block, { type: 'image' }> & { png: Uint8Array };

function chartBlocks(blocks: Block[]): Array<{ block: ImageBlock; name: string }> {
  const charts = blocks.filter((b): b is ImageBlock => b.type === 'image' && b.png !== undefined);
  return charts.slice(0, LIMITS.embeds).map((block, i) => ({ block, name: `chart-${i + 1}.png` }));
}

function toned(value: string, tone: Tone = 'normal'): string {
  return TONE_MARK[tone] + escapeMarkdown(value);
}

function renderEmbeds(blocks: Block[], componentNotes: string[]) {
  const embed: APIEmbed = { color: COLOR[toneOf(blocks)] };
  const description: string[] = [];
  const fields: APIEmbedField[] = [];
  const footer: string[] = [];
  const notes = [...componentNotes];
  const charts = chartBlocks(blocks);
  let chart = 0;

  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        if (embed.title === undefined) embed.title = truncate(escapeMarkdown(block.text), LIMITS.title);
        else description.push(`**${escapeMarkdown(block.text)}**`);
        break;
      case 'text':
        description.push(toned(block.text, block.tone));
        break;
      case 'context':
        footer.push(block.text.trim());
        break;
      case 'fields':
        for (const f of block.fields) {
          const value = escapeMarkdown(f.value) || '—';
          fields.push({
            name: truncate(escapeMarkdown(f.label) || '—', LIMITS.fieldName),
            value: truncate(value, LIMITS.fieldValue),
            inline: value.length <= INLINE_FIELD && !value.includes('\n'),
          });
        }
        break;
      case 'table':
        description.push(renderTable(block.columns, block.rows, block.caption));
        break;
      case 'list':
        description.push(block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${escapeMarkdown(item)}`).join('\n'));
        break;
      case 'actions':
        break; // rendered as components
      case 'image':
        if (block.png && chart < charts.length) chart++;
        else description.push(`📊 ${escapeMarkdown(block.title ?? block.alt)}`);
        break;
      case 'divider':
        description.push('───');
        break;
    }
  }

  if (fields.length > LIMITS.fields) {
    notes.push(`${fields.length - LIMITS.fields} more fields not shown.`);
    fields.length = LIMITS.fields;
  }
  let text = description.join('\n\n');
  if (text.length > LIMITS.description) text = truncateMarkdown(text, LIMITS.description, TRUNCATED_NOTE);
  if (text) embed.description = text;
  if (fields.length) embed.fields = fields;
  const footerText = [...footer, ...notes].join(' · ');
  if (footerText) embed.footer = { text: truncate(escapeFooter(footerText), LIMITS.footer) };

  const embeds = [embed];
  const attachments = charts.map(({ block, name }, i) => {
    const image = { url: `attachment://${name}` };
    if (i === 0) embed.image = image;
    else embeds.push({ color: embed.color, ...(block.title ? { title: truncate(escapeMarkdown(block.title), LIMITS.title) } : {}), image });
    return { id: i, filename: name, description: truncate(block.alt, 1024) };
  });
  fitTotal(embed);
  return { embeds, attachments };
}

/** Footers show no markdown (escapes would show as backslashes): clean and defuse only. */
function escapeFooter(value: string): string {
  return breakMassMentions(cleanText(value));
}

/** The most severe tone decides the embed's colour bar. */
function toneOf(blocks: Block[]): Tone {
  const tones = blocks.flatMap((b) => (b.type === 'text' && b.tone ? [b.tone] : []));
  return SEVERITY.find((t) => tones.includes(t)) ?? 'normal';
}

/** Discord rejects an embed over 6000 characters in all: drop trailing fields, then shorten the text. */
function fitTotal(embed: APIEmbed): void {
  const total = () =>
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  let dropped = 0;
  while (total() > LIMITS.embedTotal && embed.fields?.length) {
    embed.fields.pop();
    dropped++;
  }
  if (dropped) embed.footer = { text: truncate(`${embed.footer ? `${embed.footer.text} · ` : ''}${dropped} more fields not shown.`, LIMITS.footer) };
  if (embed.fields?.length === 0) delete embed.fields;
  const excess = total() - LIMITS.embedTotal;
  if (excess > 0 && embed.description) {
    embed.description = truncateMarkdown(embed.description, embed.description.length - excess, TRUNCATED_NOTE);
  }
}

function cell(value: string | undefined): string {
  const clean = codeBlockText(value ?? '').replace(/\s+/g, ' ').trim();
  return [...clean].length > MAX_CELL ? `${[...clean].slice(0, MAX_CELL - 1).join('')}…` : clean;
}

/** A table as an aligned monospace block: Discord embeds have no table layout of their own. */
function renderTable(columns: TableColumn[], rows: Array<Record<string, string>>, caption?: string): string {
  const cells = rows.map((row) => columns.map((c) => cell(row[c.key])));
  const labels = columns.map((c) => cell(c.label));
  const widths = columns.map((_c, i) => Math.max([...labels[i]!].length, ...cells.map((r) => [...r[i]!].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const pad = ' '.repeat(widths[i]! - [...v].length);
        return columns[i]!.align === 'right' ? pad + v : v + pad;
      })
      .join('  ')
      .trimEnd();
  const body = [line(labels), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
  return `\`\`\`\n${body}\n\`\`\`${caption ? `\n${escapeMarkdown(caption)}` : ''}`;
}
