import type { types } from '@slack/bolt';
import { encodeAction } from '../../src/reply/action-codec.js';
import type { Action, Block, Reply, Tone } from '../../src/reply/reply.js';
import { renderPlainText } from '../../src/reply/render-plain-text.js';
import { clip, escapeMrkdwn, plainText } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;

/** Slack's documented Block Kit limits, and the practical total above which `msg_blocks_too_long` appears. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  elementsPerActions: 25,
  selectOptions: 100,
  optionText: 75,
  placeholderText: 150,
  totalChars: 12_000,
  fallbackText: 3000,
} as const;

export interface BlockKitMessage {
  blocks: KnownBlock[];
  /** Notification / screen-reader fallback (also mrkdwn-parsed by Slack, so escaped too). */
  text: string;
  /**
   * Charts: Block Kit cannot inline them, the sender uploads them after the message. `png` is
   * a promise while the chart is still being drawn (undefined if it could not be).
   */
  images: Array<{ title: string; png: Uint8Array | Promise<Uint8Array | undefined> }>;
  /** Things the renderer had to leave out (an over-long action id): logged by the sender. */
  warnings: string[];
}

export interface RenderOptions {
  /** 50 for messages, 100 for App Home and modals. */
  maxBlocks?: number;
  maxChars?: number;
}

/** A rendered Slack block plus how many list/table rows it carries, so a cut can say how many were left out. */
interface Piece {
  block: KnownBlock;
  rows: number;
  keep: boolean;
}

const TONE_PREFIX: Record<Exclude<Tone, 'muted'>, string> = { normal: '', success: ':white_check_mark: ', warning: ':warning: ', error: ':x: ' };

/** Renders a neutral Reply as Block Kit within Slack's limits; exhaustive over Block types. */
export function renderBlockKit(reply: Reply, options: RenderOptions = {}): BlockKitMessage {
  const state: RenderState = { actionIds: new Set(), images: [], warnings: [] };
  const pieces = reply.blocks.flatMap((block) => renderBlock(block, state));
  const blocks = fitToLimits(pieces, options.maxBlocks ?? SLACK_LIMITS.messageBlocks, options.maxChars ?? SLACK_LIMITS.totalChars);
  const fallback = clip(escapeMrkdwn(renderPlainText(reply)), SLACK_LIMITS.fallbackText) || ' ';
  return { blocks, text: fallback, images: state.images, warnings: state.warnings };
}

interface RenderState {
  actionIds: Set<string>;
  images: BlockKitMessage['images'];
  warnings: string[];
}

const piece = (block: KnownBlock, rows = 0, keep = false): Piece => ({ block, rows, keep });
const section = (mrkdwn: string, rows = 0): Piece => piece({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }, rows);
const contextPiece = (mrkdwn: string): Piece => piece({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, SLACK_LIMITS.sectionText) }] });

function renderBlock(block: Block, state: RenderState): Piece[] {
  switch (block.type) {
    case 'header': {
      const title = plainText(block.text).trim();
      return title ? [piece({ type: 'header', text: { type: 'plain_text', text: clip(title, SLACK_LIMITS.headerText), emoji: true } })] : [];
    }
    case 'text': {
      const body = escapeMrkdwn(block.text).trim();
      if (!body) return [];
      if (block.tone === 'muted') return chunkLines(body.split('\n'), SLACK_LIMITS.sectionText).map((c) => contextPiece(c.text));
      const prefix = TONE_PREFIX[block.tone ?? 'normal'];
      return chunkLines(`${prefix}${body}`.split('\n'), SLACK_LIMITS.sectionText).map((c) => section(c.text));
    }
    case 'context': {
      const body = escapeMrkdwn(block.text).trim();
      return body ? [contextPiece(body)] : [];
    }
    case 'fields': {
      const out: Piece[] = [];
      for (let i = 0; i < block.fields.length; i += SLACK_LIMITS.fieldsPerSection) {
        const group = block.fields.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => ({
          type: 'mrkdwn' as const,
          text: clip(`*${escapeMrkdwn(f.label) || ' '}*\n${escapeMrkdwn(f.value) || '—'}`, SLACK_LIMITS.fieldText),
        }));
        out.push(piece({ type: 'section', fields: group }));
      }
      return out;
    }
    case 'list': {
      const lines = block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${escapeMrkdwn(item).replace(/\n/g, ' ')}`);
      return chunkLines(lines, SLACK_LIMITS.sectionText).map((c) => section(c.text, c.rows));
    }
    case 'table':
      return renderTable(block);
    case 'actions':
      return renderActions(block.actions, state);
    case 'image': {
      const title = block.title ?? block.alt;
      const png = block.png ?? block.drawing;
      if (png) state.images.push({ title, png });
      // A local file path means nothing to a Slack user: name the chart, and say it follows when bytes exist.
      return [contextPiece(`:bar_chart: ${escapeMrkdwn(title)}${png ? ' (chart attached below)' : ''}`)];
    }
    case 'divider':
      return [piece({ type: 'divider' })];
  }
}

/**
 * Tables become a monospace code block: aligned columns read well on desktop and mobile, and in
 * App Home. Section fields would give two columns at most and lose alignment; Slack's newer
 * `table` block allows one per message and is not rendered by every client yet. The aligned text
 * comes from the plain-text renderer, so the terminal and Slack agree on widths and cell clipping.
 */
function renderTable(block: Extract<Block, { type: 'table' }>): Piece[] {
  // Backticks in a cell would close the code fence early; a look-alike keeps the text readable.
  const aligned = renderPlainText({ blocks: [{ type: 'table', columns: block.columns, rows: block.rows }] }).replace(/`/g, 'ˋ');
  const [head = '', rule = '', ...rows] = aligned.split('\n').map(escapeMrkdwn);
  const fence = (body: string[]) => ['```', head, rule, ...body, '```'].join('\n');
  const budget = SLACK_LIMITS.sectionText - fence([]).length - 1;
  const chunks = rows.length ? chunkLines(rows, budget) : [{ text: '', rows: 0 }];
  const out = chunks.map((c) => section(fence(c.text ? c.text.split('\n') : []), c.rows));
  if (block.caption) out.push(contextPiece(escapeMrkdwn(block.caption)));
  return out;
}

function renderActions(actions: Action[], state: RenderState): Piece[] {
  const elements: types.ActionsBlockElement[] = [];
  for (const action of actions) {
    try {
      elements.push(renderAction(action, state));
    } catch (error) {
      state.warnings.push(`action left out: ${(error as Error).message}`);
    }
  }
  const out: Piece[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.elementsPerActions) {
    out.push(piece({ type: 'actions', elements: elements.slice(i, i + SLACK_LIMITS.elementsPerActions) }, 0, true));
  }
  return out;
}

function renderAction(action: Action, state: RenderState): types.ActionsBlockElement {
  const encoded = encodeAction(action.ref);
  const actionId = uniqueId(encoded, state.actionIds);
  if (action.kind === 'button') {
    const button: types.Button = {
      type: 'button',
      text: { type: 'plain_text', text: clip(plainText(action.label), SLACK_LIMITS.buttonText) || '…', emoji: true },
      action_id: actionId,
      value: encoded,
    };
    return action.style ? { ...button, style: action.style } : button;
  }
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: clip(plainText(action.placeholder), SLACK_LIMITS.placeholderText) || '…', emoji: true },
    options: action.options.slice(0, SLACK_LIMITS.selectOptions).map((o) => ({
      text: { type: 'plain_text' as const, text: clip(plainText(o.label), SLACK_LIMITS.optionText) || '…', emoji: true },
      // Each option carries the whole action, so the click needs nothing but the option picked.
      value: encodeAction({ ...action.ref, value: o.value }),
    })),
  };
}

/** Slack rejects a message whose action_ids repeat (two "Undo" rows): suffix the repeats. */
function uniqueId(id: string, seen: Set<string>): string {
  let candidate = id;
  for (let n = 2; seen.has(candidate); n++) candidate = `${id}#${n}`;
  seen.add(candidate);
  return candidate;
}

/** Greedy line packing under `max` characters; a single over-long line is cut. */
function chunkLines(lines: string[], max: number): Array<{ text: string; rows: number }> {
  const chunks: Array<{ text: string; rows: number }> = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of lines) {
    const line = clip(raw, max);
    if (current.length && length + 1 + line.length > max) {
      chunks.push({ text: current.join('\n'), rows: current.length });
      current = [];
      length = 0;
    }
    length += (current.length ? 1 : 0) + line.length;
    current.push(line);
  }
  if (current.length) chunks.push({ text: current.join('\n'), rows: current.length });
  return chunks;
}

/**
 * Keeps the reply inside the block count and the total size. Actions are reserved first (a pick
 * list without its buttons is useless); content is kept in order until it no longer fits, and a
 * note says how much was left out and how to ask for less.
 */
function fitToLimits(pieces: Piece[], maxBlocks: number, maxChars: number): KnownBlock[] {
  const size = (p: Piece) => JSON.stringify(p.block).length;
  const total = pieces.reduce((n, p) => n + size(p), 0);
  if (pieces.length <= maxBlocks && total <= maxChars) return pieces.map((p) => p.block);

  const noteReserve = 400;
  const kept = pieces.filter((p) => p.keep).slice(0, maxBlocks - 1);
  let blocksLeft = maxBlocks - 1 - kept.length;
  let charsLeft = maxChars - noteReserve - kept.reduce((n, p) => n + size(p), 0);
  const out: KnownBlock[] = [];
  let cutAt = -1;
  let droppedRows = 0;
  let droppedBlocks = 0;
  pieces.forEach((p) => {
    if (p.keep) {
      if (kept.includes(p)) out.push(p.block);
      return;
    }
    if (cutAt < 0 && blocksLeft > 0 && size(p) <= charsLeft) {
      out.push(p.block);
      blocksLeft -= 1;
      charsLeft -= size(p);
      return;
    }
    if (cutAt < 0) cutAt = out.length;
    droppedRows += p.rows;
    droppedBlocks += 1;
  });
  const what = droppedRows > 0 ? `${droppedRows} more ${droppedRows === 1 ? 'row' : 'rows'}` : `${droppedBlocks} more ${droppedBlocks === 1 ? 'part' : 'parts'}`;
  const note = contextPiece(`:scissors: More: ${what} not shown (Slack's message size limit). Ask for a narrower list, e.g. add a customer, an owner or a period.`);
  out.splice(cutAt < 0 ? out.length : cutAt, 0, note.block);
  return out;
}
