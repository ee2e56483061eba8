import type { ConversationMemory, Picked } from '../app/conversation.js';
import type { Platform } from '../crm/users/user.table.js';
import type { CrmContext } from '../crm/context.js';
import type { IntentName, Slots } from '../intents/catalog.js';
import type { Reply } from '../reply/reply.js';

/** One audited change, written in the command's transaction; its id is what Undo reverses. */
export interface AuditInput {
  /** `<entity>.<verb>`, e.g. 'activity.create', 'ticket.update': the Undo registry's key. */
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

export interface HandlerContext extends CrmContext {
  platform: Platform;
  /** The user's IANA time zone: dates are shown and resolved in it. */
  tz: string;
  memory: ConversationMemory;
  /** Where the message came from (the envelope's channel): "here" in automation commands. */
  channel?: { workspaceId: string; channelId: string; isDirect?: boolean; mentions?: Readonly<Record<string, string>> };
  /** false when the reply's destination cannot show a chart (Envelope.charts): reports draw none. */
  charts?: boolean;
  /** The user's message as typed, when the command came from one (not from a button). */
  message?: string;
  /** Records an audit row in the current transaction and returns its id (for an Undo button). */
  audit(entry: AuditInput): Promise<number>;
}

export interface HandlerInput<N extends IntentName> {
  slots: Slots<N>;
  /** Entities the user picked from a disambiguation list for this command. */
  picked: Picked;
}

export interface HandlerResult {
  reply: Reply;
  /** What to remember for follow-up messages ("them", "it"); merged into the conversation memory. */
  remember?: Partial<Omit<ConversationMemory, 'pending'>>;
  /** The command needs a pick before it can run: the dispatcher keeps it pending. */
  awaitingPick?: boolean;
}

export interface IntentHandler<N extends IntentName = IntentName> {
  intent: N;
  /** Writes run in a transaction with audit; reads do not. */
  writes: boolean;
  handle(ctx: HandlerContext, input: HandlerInput<N>): Promise<HandlerResult>;
}

/** Keeps the intent name and the slot type tied together when defining a handler. */
export function defineHandler<N extends IntentName>(handler: IntentHandler<N>): IntentHandler<N> {
  return handler;
}
