import type { App, ViewSubmitAction, webApi } from '@slack/bolt';
import type { Envelope } from '../../../../src/app/envelope.js';
import { slackErrorCode } from '../../deliver.js';
import { MODALS, originOf, readModal, withMessageLink, type ModalOrigin, type StateValues } from '../../modals.js';
import type { ListenerDeps } from '../context.js';

/**
 * Modal submissions. Field errors are returned in the ack (the modal stays open and shows them,
 * nothing is dispatched); otherwise the modal closes at once and the structured command runs
 * afterwards — with the link to the message for the shortcut modals — answered in the thread of
 * the message (or the channel) it came from, or in a DM when there is none or the bot is not there.
 */
export function registerViews(app: App, deps: ListenerDeps): void {
  for (const callbackId of MODALS) {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client }) => {
      const reading = readModal(callbackId, view.state.values as StateValues);
      if ('errors' in reading) {
        await ack({ response_action: 'errors', errors: reading.errors });
        return;
      }
      await ack();
      const origin = originOf(view.private_metadata);
      const direct = !origin || origin.channel.startsWith('D');
      const permalink = origin?.messageTs ? await permalinkOf(client, origin, deps) : undefined;
      const envelope: Envelope = {
        platform: 'slack',
        workspaceId: body.team?.id ?? body.user.team_id ?? 'unknown',
        userId: body.user.id,
        userName: await deps.users.nameOf(body.user.id),
        channelId: origin?.channel ?? body.user.id,
        threadId: origin ? (origin.threadTs ?? origin.messageTs) : undefined,
        isDirect: direct,
        // One modal is submitted once; a redelivered submission carries the same view id.
        eventId: `view:${view.id}`,
        chartsFollow: true,
        input: { kind: 'intent', intent: withMessageLink(reading.command, permalink) },
      };
      const reply = await deps.dispatcher.dispatch(envelope);
      if (!reply) return;
      const context = { surface: 'view_submission', view: callbackId, user: body.user.id };
      // In a DM everything is private already: post normally (an ephemeral in a DM is easy to lose).
      const inChannel = origin && (await deps.sender.send(direct ? { ...reply, private: false } : reply, { kind: 'channel', channel: origin.channel, threadTs: envelope.threadId, user: body.user.id }, context));
      if (!inChannel) await deps.sender.send({ ...reply, private: false }, { kind: 'channel', channel: body.user.id, user: body.user.id }, context);
    });
  }
}

/** The message's link; undefined (logged) when Slack will not give it, e.g. a private channel the bot is not in. */
async function permalinkOf(client: webApi.WebClient, origin: ModalOrigin, deps: ListenerDeps): Promise<string | undefined> {
  try {
    const { permalink } = await client.chat.getPermalink({ channel: origin.channel, message_ts: origin.messageTs! });
    return permalink;
  } catch (error) {
    deps.logger.warn({ err: error, slackError: slackErrorCode(error), channel: origin.channel }, 'could not get the message link; saving without it');
    return undefined;
  }
}
