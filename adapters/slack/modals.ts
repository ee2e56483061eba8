import type { types } from '@slack/bolt';
import { DEAL_STAGES, TICKET_PRIORITIES } from '../../src/intents/catalog.js';
import { clip, slackTextToPlain } from './mrkdwn.js';

/**
 * The modals — "Create ticket" (from a message shortcut, a button, App Home or `/crm new ticket`),
 * "Log as note" (message shortcut) and "New deal" — and reading a submission back as a structured
 * command for the dispatcher (`{ kind: 'intent' }`), which validates it against the catalog and
 * runs it with the same permission check, transaction and audit as a typed command.
 */

export const TICKET_MODAL = 'rapport_ticket';
export const NOTE_MODAL = 'rapport_note';
export const DEAL_MODAL = 'rapport_deal';
export const MODALS = [TICKET_MODAL, NOTE_MODAL, DEAL_MODAL] as const;
export const SHORTCUTS = { ticket: 'create_ticket_from_message', note: 'log_note_from_message' } as const;
/** Buttons that open a modal (App Home). No colons: they must not look like a Rapport reply action. */
export const OPEN_MODAL_ACTIONS = { ticket: 'rapport_open_new_ticket', deal: 'rapport_open_new_deal' } as const;
/** The customer picker's action id; its options are served by the `block_suggestion` listener. */
export const CUSTOMER_SELECT = 'customer_search';

/** Slack's plain_text_input max_length ceiling. */
const INPUT_MAX = 3000;
const SUBJECT_MAX = 250;
/** A note is an activity summary (4000 characters in the catalog), the link included. */
const SUMMARY_MAX = 4000;
const DESCRIPTION_MAX = 20_000;

type Priority = (typeof TICKET_PRIORITIES)[number];
type Stage = (typeof DEAL_STAGES)[number];

/** Where the modal was opened from: its answer goes back there (the message's thread), or to a DM when nowhere. */
export interface ModalOrigin {
  channel: string;
  /** Set when opened on a message (a shortcut): its link is added to the ticket or note. */
  messageTs?: string;
  threadTs?: string;
}

export interface MessageShortcutBody {
  callback_id: string;
  trigger_id: string;
  team: { id: string } | null;
  channel: { id: string; name?: string };
  user: { id: string; name?: string };
  message: { ts: string; thread_ts?: string; text?: string };
}

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });

const input = (blockId: string, label: string, element: types.InputBlockElement, options: { optional?: boolean; hint?: string } = {}): types.InputBlock => ({
  type: 'input',
  block_id: blockId,
  label: plain(label),
  element,
  ...(options.optional ? { optional: true } : {}),
  ...(options.hint ? { hint: plain(options.hint) } : {}),
});

const textInput = (initial: string | undefined, options: { multiline?: boolean; max: number; placeholder?: string }): types.PlainTextInput => ({
  type: 'plain_text_input',
  action_id: 'value',
  multiline: options.multiline ?? false,
  max_length: options.max,
  ...(initial ? { initial_value: clip(initial, options.max) } : {}),
  ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
});

const option = (value: string, label = value[0]!.toUpperCase() + value.slice(1)): types.PlainTextOption => ({ text: plain(label), value });

/** Option values are at most 150 characters, option text 75; customer names may be longer (rare). */
export function customerOption(name: string, detail?: string | null): (types.PlainTextOption & { value: string }) | null {
  if ([...name].length > 150) return null;
  return { text: plain(clip(detail ? `${name} (${detail})` : name, 75)), value: name };
}

const customerSelect = (initial: string | undefined, placeholder: string): types.ExternalSelect => {
  const picked = initial ? customerOption(initial) : null;
  return {
    type: 'external_select',
    action_id: CUSTOMER_SELECT,
    min_query_length: 2,
    placeholder: plain(placeholder),
    ...(picked ? { initial_option: picked } : {}),
  };
};

const metadata = (origin: ModalOrigin | null): string => (origin ? JSON.stringify(origin) : '');
const chrome = { type: 'modal' as const, close: plain('Cancel') };

/** The message as the user saw it (mentions and links as text), newlines kept. */
export function messageText(body: MessageShortcutBody): string {
  return slackTextToPlain(body.message.text ?? '');
}

export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export interface TicketPrefill {
  customer?: string;
  subject?: string;
  description?: string;
  priority?: Priority;
}

/** "Create ticket": customer (optional: an internal ticket has none), subject, priority, description. */
export function ticketModal(origin: ModalOrigin | null, prefill: TicketPrefill = {}): types.ModalView {
  const fromMessage = Boolean(origin?.messageTs);
  return {
    ...chrome,
    callback_id: TICKET_MODAL,
    private_metadata: metadata(origin),
    title: plain(fromMessage ? 'Ticket from message' : 'New ticket'),
    submit: plain('Create'),
    blocks: [
      input('customer', 'Customer', customerSelect(prefill.customer, 'Search customers (none for an internal ticket)'), { optional: true }),
      input('subject', 'Subject', textInput(prefill.subject ? clip(oneLine(prefill.subject), SUBJECT_MAX) : undefined, { max: SUBJECT_MAX })),
      input('priority', 'Priority', { type: 'static_select', action_id: 'value', options: TICKET_PRIORITIES.map((p) => option(p)), initial_option: option(prefill.priority ?? 'normal') }),
      input('description', 'Description', textInput(prefill.description, { multiline: true, max: INPUT_MAX }), {
        optional: true,
        ...(fromMessage ? { hint: 'A link to the message is added to the description.' } : {}),
      }),
    ],
  };
}

/** "Log as note": customer and the note, pre-filled from the message. */
export function noteModal(origin: ModalOrigin | null, prefill: { customer?: string; note?: string } = {}): types.ModalView {
  return {
    ...chrome,
    callback_id: NOTE_MODAL,
    private_metadata: metadata(origin),
    title: plain('Log as note'),
    submit: plain('Log note'),
    blocks: [
      input('customer', 'Customer', customerSelect(prefill.customer, 'Search customers')),
      input('note', 'Note', textInput(prefill.note, { multiline: true, max: INPUT_MAX }), origin?.messageTs ? { hint: 'A link to the message is added to the note.' } : {}),
    ],
  };
}

/** "New deal": customer, title, amount, currency, stage, expected close date. */
export function dealModal(origin: ModalOrigin | null, prefill: { customer?: string } = {}): types.ModalView {
  return {
    ...chrome,
    callback_id: DEAL_MODAL,
    private_metadata: metadata(origin),
    title: plain('New deal'),
    submit: plain('Create'),
    blocks: [
      input('customer', 'Customer', customerSelect(prefill.customer, 'Search customers')),
      input('title', 'Title', textInput(undefined, { max: 200, placeholder: 'e.g. Expansion 2027' }), { optional: true }),
      input('amount', 'Amount', textInput(undefined, { max: 30, placeholder: 'e.g. 12,500 or 12500.50' }), { optional: true }),
      input('currency', 'Currency', textInput(undefined, { max: 3, placeholder: 'USD' }), { optional: true, hint: 'A three-letter code such as USD, EUR or GBP.' }),
      input('stage', 'Stage', { type: 'static_select', action_id: 'value', options: DEAL_STAGES.map((s) => option(s)), initial_option: option('lead') }),
      input('close_date', 'Expected close', { type: 'datepicker', action_id: 'value' }, { optional: true }),
    ],
  };
}

/** The modal a message shortcut opens, pre-filled from the message and the guessed customer. */
export function shortcutModal(body: MessageShortcutBody, customer: string | undefined): types.ModalView {
  const origin: ModalOrigin = { channel: body.channel.id, messageTs: body.message.ts, ...(body.message.thread_ts ? { threadTs: body.message.thread_ts } : {}) };
  const text = messageText(body);
  if (body.callback_id === SHORTCUTS.ticket) return ticketModal(origin, { customer, subject: text, description: text, priority: guessPriority(text) });
  return noteModal(origin, { customer, note: text });
}

/** Only the words people use to say so; anything else starts as normal (the user can change it). */
export function guessPriority(text: string): Priority {
  if (/\b(?:urgent|urgently|asap|emergency)\b/i.test(text)) return 'urgent';
  if (/\b(?:high priority|critical|outage|production is down|prod is down)\b/i.test(text)) return 'high';
  return 'normal';
}

export function originOf(privateMetadata: string | undefined): ModalOrigin | null {
  try {
    const parsed = JSON.parse(privateMetadata || 'null') as Partial<ModalOrigin> | null;
    if (!parsed || typeof parsed.channel !== 'string') return null;
    return {
      channel: parsed.channel,
      ...(typeof parsed.messageTs === 'string' ? { messageTs: parsed.messageTs } : {}),
      ...(typeof parsed.threadTs === 'string' ? { threadTs: parsed.threadTs } : {}),
    };
  } catch {
    return null;
  }
}

/** view.state.values: block id → action id → the element's state. */
export type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_date?: string | null }>>;

function field(values: StateValues, block: string): string {
  const state = Object.values(values[block] ?? {})[0];
  return (state?.selected_option?.value ?? state?.selected_date ?? state?.value ?? '').trim();
}

export interface StructuredCommand {
  intent: string;
  slots: Record<string, unknown>;
}

export type ModalReading = { command: StructuredCommand } | { errors: Record<string, string> };

/**
 * A submitted modal as a structured command, or the field errors to show in the modal (block id
 * → message). Checks what a person can get wrong; the dispatcher still validates the result.
 */
export function readModal(callbackId: string, values: StateValues): ModalReading {
  const customer = oneLine(field(values, 'customer'));
  if (callbackId === TICKET_MODAL) {
    const subject = oneLine(field(values, 'subject'));
    if (!subject) return { errors: { subject: 'A ticket needs a subject.' } };
    const picked = field(values, 'priority');
    const priority = (TICKET_PRIORITIES as readonly string[]).includes(picked) ? picked : 'normal';
    const description = field(values, 'description');
    return { command: { intent: 'create_ticket', slots: { subject: clip(subject, SUBJECT_MAX), priority, ...(customer ? { customer } : {}), ...(description ? { description } : {}) } } };
  }
  if (callbackId === NOTE_MODAL) {
    const note = field(values, 'note');
    const errors: Record<string, string> = {};
    if (!customer) errors.customer = 'Which customer is this note about?';
    if (!note) errors.note = 'The note is empty.';
    if (Object.keys(errors).length) return { errors };
    return { command: { intent: 'log_activity', slots: { kind: 'note', customer, summary: note } } };
  }
  if (callbackId === DEAL_MODAL) return readDeal(values, customer);
  return { errors: {} };
}

function readDeal(values: StateValues, customer: string): ModalReading {
  const errors: Record<string, string> = {};
  const slots: Record<string, unknown> = { customer };
  if (!customer) errors.customer = 'Which customer is the deal with?';
  const title = oneLine(field(values, 'title'));
  if (title) slots.title = title;

  const rawAmount = field(values, 'amount');
  let symbolCurrency: string | undefined;
  if (rawAmount) {
    const amount = parseAmount(rawAmount);
    if (!amount) errors.amount = 'Write the amount as a number, e.g. 12500, 12,500.00 or 12.5k.';
    else {
      slots.amount = amount.value;
      symbolCurrency = amount.currency;
    }
  }
  const currency = field(values, 'currency').toUpperCase();
  if (currency && !/^[A-Z]{3}$/.test(currency)) errors.currency = 'Use a three-letter currency code such as USD or EUR.';
  else if (currency || symbolCurrency) slots.currency = currency || symbolCurrency;

  const stage = field(values, 'stage');
  if (stage) {
    if ((DEAL_STAGES as readonly string[]).includes(stage)) slots.stage = stage as Stage;
    else errors.stage = 'Pick a stage from the list.';
  }
  const closeDate = field(values, 'close_date');
  if (closeDate) {
    if (isCalendarDate(closeDate)) slots.close_date = closeDate;
    else errors.close_date = 'Pick a date from the calendar, e.g. 2027-03-31.';
  }
  return Object.keys(errors).length ? { errors } : { command: { intent: 'create_deal', slots } };
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };

/** "12500", "12,500.50", "$12.5k", "2m" → a number (and the currency a symbol implies); null when unreadable. */
export function parseAmount(raw: string): { value: number; currency?: string } | null {
  const match = /^([$€£])?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([km])?$/i.exec(raw.replace(/\s+/g, ' ').trim());
  if (!match) return null;
  const [, symbol, whole, fraction, scale] = match;
  const base = Number(`${whole!.replace(/,/g, '')}${fraction ?? ''}`);
  const multiplier = scale ? (scale.toLowerCase() === 'k' ? 1_000 : 1_000_000) : 1;
  // Cents only: 12.345 of a currency is a typo, except as 12.345k.
  if (!scale && fraction && fraction.length > 3) return null;
  const value = Math.round(base * multiplier * 100) / 100;
  if (!Number.isFinite(value) || value > 1e12) return null;
  return symbol ? { value, currency: SYMBOLS[symbol] } : { value };
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds the link to the message a shortcut was used on to the ticket's description or the note. */
export function withMessageLink(command: StructuredCommand, permalink: string | undefined): StructuredCommand {
  if (!permalink) return command;
  const link = `From Slack: ${permalink}`;
  if (command.intent === 'create_ticket') {
    const body = typeof command.slots.description === 'string' ? command.slots.description : '';
    return { ...command, slots: { ...command.slots, description: body ? `${clip(body, DESCRIPTION_MAX - link.length - 2)}\n\n${link}` : link } };
  }
  if (command.intent === 'log_activity') {
    const body = typeof command.slots.summary === 'string' ? command.slots.summary : '';
    return { ...command, slots: { ...command.slots, summary: `${clip(body, SUMMARY_MAX - link.length - 2)}\n\n${link}` } };
  }
  return command;
}
