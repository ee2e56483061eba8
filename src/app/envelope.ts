import type { Platform } from '../crm/users/user.table.js';
import type { ActionRef } from '../reply/reply.js';

/** One platform event, made neutral by an adapter: the only thing the dispatcher reads. */
export interface Envelope {
  platform: Platform;
  /** Slack team id, Discord guild id (or 'dm'), 'local' for the terminal. */
  workspaceId: string;
  /** The platform's user id (Slack U…, Discord snowflake, terminal user name). */
  userId: string;
  userName?: string;
  channelId: string;
  threadId?: string;
  isDirect?: boolean;
  /**
   * Channels the message links to, as the user saw them ("sales", lower case, without #) → the
   * platform's channel id, read from the mention markup before it was flattened to "#sales".
   */
  channelMentions?: Readonly<Record<string, string>>;
  /** Platform event id for idempotency: a retried event with the same id is processed once. */
  eventId?: string;
  /**
   * The adapter posts the message first and uploads its charts when they are drawn (Slack's
   * sender): the dispatcher returns the reply without waiting for them (image blocks may still
   * carry `drawing`). Otherwise every chart is drawn before the reply is returned.
   */
  chartsFollow?: boolean;
  /** false: the place the reply goes cannot show a chart (Slack's App Home view), so reports draw none. */
  charts?: boolean;
  input:
    | { kind: 'message'; text: string }
    | { kind: 'action'; ref: ActionRef }
    /**
     * A command already structured by a form (a Slack modal, Discord command options): it skips
     * the parser but not validation, permission, transaction or audit. Unvalidated on purpose:
     * the dispatcher checks it against the catalog.
     */
    | { kind: 'intent'; intent: { intent: string; slots: unknown } };
}
