import type { App } from '@slack/bolt';
import { isPlainUserMessage, messageEnvelope } from '../../envelopes.js';
import type { ListenerDeps } from '../context.js';

/**
 * Events API: Bolt acks these before any listener runs, so a slow dispatch never delays the ack.
 * Slack redelivers an event it thinks was missed (x-slack-retry-num); the event_id rides in the
 * envelope and the dispatcher's processed-events table turns the repeat into a null reply.
 */
export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, context }) => {
    if (!event.user || event.bot_id) return;
    const envelope = messageEnvelope(event, {
      teamId: body.team_id,
      eventId: body.event_id,
      botUserId: context.botUserId,
      userName: await deps.users.nameOf(event.user),
      direct: false,
    });
    const reply = await deps.dispatcher.dispatch(envelope);
    if (!reply) return;
    await deps.sender.send(
      reply,
      { kind: 'channel', channel: event.channel, threadTs: envelope.threadId, user: event.user },
      { surface: 'app_mention', event: body.event_id },
    );
  });

  app.event('message', async ({ event, body, context }) => {
    if (!isPlainUserMessage(event as Parameters<typeof isPlainUserMessage>[0])) return;
    const message = event as { user: string; text: string; channel: string; ts: string; thread_ts?: string };
    const envelope = messageEnvelope(message, {
      teamId: body.team_id,
      eventId: body.event_id,
      botUserId: context.botUserId,
      userName: await deps.users.nameOf(message.user),
      direct: true,
    });
    const reply = await deps.dispatcher.dispatch(envelope);
    if (!reply) return;
    // A DM is already private: post normally (an ephemeral in a DM is easy to lose).
    await deps.sender.send(
      { ...reply, private: false },
      { kind: 'channel', channel: message.channel, threadTs: message.thread_ts, user: message.user },
      { surface: 'message.im', event: body.event_id },
    );
  });
}
