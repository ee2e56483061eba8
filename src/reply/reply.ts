/**
 * The platform-neutral reply. Text fields hold user content as plain data, never markup: each
 * adapter escapes it for its platform (Slack mrkdwn, Discord markdown, terminal), so a customer
 * named `<!channel>` or `@everyone` pings nobody. Structure and text stay apart for that reason.
 */
export type Tone = 'normal' | 'success' | 'warning' | 'error' | 'muted';

export interface Field {
  label: string;
  value: string;
}

export interface TableColumn {
  key: string;
  label: string;
  align?: 'left' | 'right';
}

export type Action =
  | { kind: 'button'; label: string; ref: ActionRef; style?: 'primary' | 'danger' }
  | { kind: 'select'; placeholder: string; ref: ActionRef; options: Array<{ label: string; value: string }> };

/** What an action does when used: a verb, its value, and who may use it. */
export interface ActionRef {
  /** e.g. 'pick', 'undo', 'confirm', 'cancel', 'ticket.close', 'ticket.assign_me', 'reminder.snooze', 'more'. */
  verb: string;
  value: string;
  /** The CRM user id allowed to use it; others are refused politely. */
  forUserId?: number;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; tone?: Tone }
  | { type: 'fields'; fields: Field[] }
  | { type: 'table'; columns: TableColumn[]; rows: Array<Record<string, string>>; caption?: string }
  | { type: 'list'; items: string[]; ordered?: boolean }
  | { type: 'actions'; actions: Action[] }
  /**
   * A chart: `png` once drawn; `drawing` while it is still being drawn (only in a reply whose
   * adapter posts the message first and the chart when it is ready, see Envelope.chartsFollow).
   * `drawing` never rejects: a chart that could not be drawn resolves to undefined.
   */
  | { type: 'image'; alt: string; title?: string; png?: Uint8Array; path?: string; drawing?: Promise<Uint8Array | undefined> }
  | { type: 'divider' }
  | { type: 'context'; text: string };

export interface Reply {
  blocks: Block[];
  /** Only the asking user should see it (ephemeral on Slack/Discord, a DM when that is not possible). */
  private?: boolean;
}

export const reply = (...blocks: Block[]): Reply => ({ blocks });
export const privateReply = (...blocks: Block[]): Reply => ({ blocks, private: true });
export const header = (text: string): Block => ({ type: 'header', text });
export const text = (body: string, tone?: Tone): Block => (tone ? { type: 'text', text: body, tone } : { type: 'text', text: body });
export const fields = (...list: Array<Field | false | null | undefined>): Block => ({
  type: 'fields',
  fields: list.filter((f): f is Field => Boolean(f)),
});
export const context = (body: string): Block => ({ type: 'context', text: body });
export const divider = (): Block => ({ type: 'divider' });
export const list = (items: string[], ordered = false): Block => ({ type: 'list', items, ordered });
export const actions = (...items: Action[]): Block => ({ type: 'actions', actions: items });
export const button = (label: string, ref: ActionRef, style?: 'primary' | 'danger'): Action =>
  style ? { kind: 'button', label, ref, style } : { kind: 'button', label, ref };
export const table = (columns: TableColumn[], rows: Array<Record<string, string>>, caption?: string): Block =>
  caption ? { type: 'table', columns, rows, caption } : { type: 'table', columns, rows };

/** Every action in a reply, in order: the terminal numbers them, tests find them. */
export function actionsOf(r: Reply): Action[] {
  return r.blocks.flatMap((b) => (b.type === 'actions' ? b.actions : []));
}
