import type { Envelope } from '../../src/app/envelope.js';
import { decodeAction } from '../../src/reply/action-codec.js';
import type { ActionRef } from '../../src/reply/reply.js';
import { slackChannelMentions, slackTextToPlain, stripLeadingMention } from './mrkdwn.js';

/**
 * Slack payloads → neutral envelopes. Pure functions over the documented payload fields only, so
 * the mapping is testable without Bolt and a Slack change shows up here and nowhere else.
 *
 * Every reply to these goes through the sender, which posts the message and then uploads its
 * charts: so `chartsFollow`, and a report's figures are out before its chart is drawn.
 */

/** The slash command form body (application/x-www-form-urlencoded, as Bolt parses it). */
export interface SlashCommandBody {
  team_id: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  text: string;
  trigger_id: string;
}

export function commandEnvelope(body: SlashCommandBody): Envelope {
  return {
    platform: 'slack',
    workspaceId: body.team_id,
    userId: body.user_id,
    userName: body.user_name,
    channelId: body.channel_id,
    isDirect: body.channel_name === 'directmessage' || body.channel_id.startsWith('D'),
    // Slack sends no event id with a command; trigger_id is unique per invocation.
    eventId: `command:${body.trigger_id}`,
    chartsFollow: true,
    input: { kind: 'message', text: slackTextToPlain(body.text) || 'help' },
    channelMentions: slackChannelMentions(body.text),
  };
}

/** The fields of an app_mention or message.im event we read. */
export interface MessageEventLike {
  user?: string;
  text?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  team?: string;
}

export function messageEnvelope(
  event: MessageEventLike,
  meta: { teamId: string; eventId: string; botUserId?: string; userName?: string; direct: boolean },
): Envelope {
  const text = slackTextToPlain(stripLeadingMention(event.text ?? '', meta.botUserId));
  return {
    platform: 'slack',
    workspaceId: meta.teamId,
    userId: event.user ?? 'unknown',
    userName: meta.userName,
    channelId: event.channel,
    // A mention is answered in its thread (starting one on a top-level message).
    threadId: event.thread_ts ?? (meta.direct ? undefined : event.ts),
    isDirect: meta.direct,
    eventId: `event:${meta.eventId}`,
    chartsFollow: true,
    input: { kind: 'message', text: text || 'help' },
    channelMentions: slackChannelMentions(event.text ?? ''),
  };
}

/** A direct message worth answering: a person typing, not an edit, a join or a bot. */
export function isPlainUserMessage(event: { subtype?: string; bot_id?: string; user?: string; channel_type?: string; text?: string }): boolean {
  return event.channel_type === 'im' && event.subtype === undefined && event.bot_id === undefined && Boolean(event.user) && Boolean(event.text?.trim());
}

/** The block_actions fields we read (button value or select option value carries the encoded action). */
export interface BlockActionsBody {
  user: { id: string; name?: string; username?: string; team_id?: string };
  team: { id: string } | null;
  trigger_id: string;
  channel?: { id: string };
  container: { type: string; channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
  message?: { ts: string; thread_ts?: string };
  actions: Array<{ type: string; action_id: string; value?: string; selected_option?: { value: string } | null }>;
}

export function clickedRef(body: BlockActionsBody): ActionRef | null {
  const action = body.actions[0];
  if (!action) return null;
  return decodeAction(action.type === 'static_select' ? action.selected_option?.value : action.value);
}

export function actionEnvelope(body: BlockActionsBody, ref: ActionRef): Envelope {
  const channelId = body.channel?.id ?? body.container.channel_id ?? body.user.id;
  return {
    platform: 'slack',
    workspaceId: body.team?.id ?? body.user.team_id ?? 'unknown',
    userId: body.user.id,
    userName: body.user.name ?? body.user.username,
    channelId,
    threadId: body.message?.thread_ts ?? body.container.thread_ts,
    isDirect: channelId.startsWith('D'),
    // Each click has its own trigger_id: a double click is two clicks, a redelivery is one.
    eventId: `action:${body.trigger_id}`,
    chartsFollow: true,
    input: { kind: 'action', ref },
  };
}
