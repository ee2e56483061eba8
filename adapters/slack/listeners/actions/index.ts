import type { App, BlockAction } from '@slack/bolt';
import { actionEnvelope, clickedRef, type BlockActionsBody } from '../../envelopes.js';
import type { Destination } from '../../deliver.js';
import { text, type Reply } from '../../../../src/reply/reply.js';
import type { ListenerDeps } from '../context.js';

/** Buttons whose outcome supersedes the card they sit on: the card is replaced so they cannot be clicked twice. */
const REPLACING_VERBS = new Set(['confirm', 'cancel', 'edit', 'pick', 'undo']);

/** Every Rapport button and select: action ids are `verb:forUser:value` (see action-codec). */
export const RAPPORT_ACTION_ID = /^[a-z_.]{1,32}:\d*:/;

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(RAPPORT_ACTION_ID, async ({ ack, body, respond }) => {
    await ack();
    const payload = body as unknown as BlockActionsBody;
    const context = { surface: 'block_actions', user: payload.user.id, action: payload.actions[0]?.action_id };
    const ref = clickedRef(payload);
    if (!ref) {
      // Not produced by our encoder (truncated or forged): say so to the clicker only.
      const refusal: Reply = { private: true, blocks: [text('I could not read that button. Please ask again.', 'warning')] };
      await deps.sender.send(refusal, placement(payload, refusal, undefined, respond), context);
      return;
    }
    const reply = await deps.dispatcher.dispatch(actionEnvelope(payload, ref));
    if (!reply) return;
    await deps.sender.send(reply, placement(payload, reply, ref.verb, respond), context);
  });
}

/**
 * Where a click's answer goes. Confirm/Cancel/Pick/Undo replace the card they were on, unless the
 * answer is private and the card is public (a refusal must not overwrite someone else's card).
 * Other buttons (Close ticket, Assign to me) leave the card and answer in its thread. Clicks in
 * App Home or a modal have no message to answer next to: the answer goes to the user's DM.
 */
export function placement(body: BlockActionsBody, reply: Reply, verb: string | undefined, respond: Parameters<Parameters<App['action']>[1]>[0]['respond'] | undefined): Destination {
  const onMessage = body.container.type === 'message';
  if (onMessage && respond) {
    const ephemeralCard = body.container.is_ephemeral === true;
    if (verb && REPLACING_VERBS.has(verb) && (!reply.private || ephemeralCard)) return { kind: 'response_url', respond, replaceOriginal: true };
    if (reply.private || ephemeralCard || !body.message) return { kind: 'response_url', respond };
    return { kind: 'channel', channel: body.channel?.id ?? body.container.channel_id!, threadTs: body.message.thread_ts ?? body.message.ts, user: body.user.id };
  }
  return { kind: 'channel', channel: body.user.id, user: body.user.id };
}
