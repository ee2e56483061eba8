import type { Action, Block, Reply, TableColumn, Tone } from './reply.js';

// ESC and other C0/C1 controls in stored text could drive the user's terminal: drop them.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
export const cleanText = (value: string): string => value.replace(CONTROL, '');

const TONE_MARK: Record<Tone, string> = { normal: '', success: '✓ ', warning: '! ', error: '✗ ', muted: '' };
const MAX_CELL = 40;

export interface PlainTextOptions {
  /** Number the actions so a terminal user can answer with a number. */
  numberActions?: boolean;
}

/** Renders a Reply as plain text: the terminal chat, logs, and every platform's fallback text. */
export function renderPlainText(r: Reply, options: PlainTextOptions = {}): string {
  let actionNumber = 0;
  const out: string[] = [];
  for (const block of r.blocks) {
    const rendered = renderBlock(block, () => ++actionNumber, options);
    if (rendered) out.push(rendered);
  }
  return out.join('\n');
}

function renderBlock(block: Block, nextAction: () => number, options: PlainTextOptions): string {
  switch (block.type) {
    case 'header': {
      const title = cleanText(block.text);
      return `${title}\n${'─'.repeat(Math.min(60, [...title].length))}`;
    }
    case 'text':
      return TONE_MARK[block.tone ?? 'normal'] + cleanText(block.text);
    case 'context':
      return `  ${cleanText(block.text)}`;
    case 'fields': {
      const width = Math.max(0, ...block.fields.map((f) => cleanText(f.label).length));
      return block.fields.map((f) => `${cleanText(f.label).padEnd(width)}  ${cleanText(f.value)}`).join('\n');
    }
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${cleanText(item)}`).join('\n');
    case 'table':
      return renderTable(block.columns, block.rows, block.caption);
    case 'actions':
      return block.actions.map((a) => actionLabel(a, options.numberActions ? nextAction() : undefined)).join('  ');
    case 'image':
      return block.path ? `[chart] ${cleanText(block.title ?? block.alt)}: ${block.path}` : `[chart] ${cleanText(block.title ?? block.alt)}`;
    case 'divider':
      return '─'.repeat(40);
  }
}

function actionLabel(action: Action, number: number | undefined): string {
  const label = action.kind === 'button' ? action.label : `${action.placeholder}: ${action.options.map((o) => o.label).join(' / ')}`;
  return number === undefined ? `[${cleanText(label)}]` : `[${number}] ${cleanText(label)}`;
}

function cell(value: string | undefined): string {
  const clean = cleanText(value ?? '').replace(/\s+/g, ' ');
  return [...clean].length > MAX_CELL ? `${[...clean].slice(0, MAX_CELL - 1).join('')}…` : clean;
}

function renderTable(columns: TableColumn[], rows: Array<Record<string, string>>, caption?: string): string {
  const cells = rows.map((row) => columns.map((c) => cell(row[c.key])));
  const widths = columns.map((c, i) => Math.max([...c.label].length, ...cells.map((r) => [...r[i]!].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.label)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)];
  if (caption) out.push(cleanText(caption));
  return out.join('\n');
}
