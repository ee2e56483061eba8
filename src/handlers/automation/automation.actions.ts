import { CANCEL_AUTOMATION_VERB } from '../../jobs/automations/digests.js';
import { MUTE_RULE_VERB, RULE_DESCRIPTIONS, UNMUTE_RULE_VERB, muteButton } from '../../jobs/automations/rules.js';
import { actions, button, reply, text } from '../../reply/reply.js';
import type { HandlerContext, HandlerResult } from '../handler.js';
import type { ActionMap } from '../actions/action-types.js';
import { forbiddenReply } from '../common/replies.js';
import { cancelAutomation } from './automation.handlers.js';
import { canManageAutomations } from './channel.js';

const idFrom = (value: string): number | null => {
  const n = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
};
const unreadable = (): HandlerResult => ({ reply: reply(text('I could not read that button. Please ask again.', 'warning')) });

async function findAutomation(ctx: HandlerContext, value: string) {
  const id = idFrom(value);
  return id ? ctx.db.selectFrom('automations').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}

/**
 * Mute / unmute of a channel rule are noise controls anyone in the channel may use (audited,
 * reversible): a muted rule records its events but sends nothing until it is unmuted. A rule
 * without a channel (SLA warnings by DM) speaks to everyone it concerns, so one recipient may
 * not switch it off for all: that takes a manager or an admin.
 */
async function setMuted(ctx: HandlerContext, value: string, muted: boolean): Promise<HandlerResult> {
  const rule = await findAutomation(ctx, value);
  if (!rule || rule.kind !== 'rule') return unreadable();
  if (!rule.channel_id && !canManageAutomations(ctx)) {
    return { reply: forbiddenReply('This rule warns everyone it concerns, so only a manager or an admin can mute it.') };
  }
  if (rule.cancelled_at) return { reply: reply(text(`Rule #${rule.id} was cancelled.`, 'muted')) };
  const what = `rule #${rule.id} (${RULE_DESCRIPTIONS[rule.event!]} → ${rule.channel_label})`;
  if (Boolean(rule.muted_at) === muted) return { reply: reply(text(`${what} is already ${muted ? 'muted' : 'on'}.`, 'muted')) };
  const after = await ctx.db.updateTable('automations').set({ muted_at: muted ? ctx.now() : null }).where('id', '=', rule.id).returningAll().executeTakeFirstOrThrow();
  await ctx.audit({ action: muted ? 'automation.mute' : 'automation.unmute', entity: 'automation', entityId: rule.id, before: { muted_at: rule.muted_at }, after: { muted_at: after.muted_at } });
  return muted
    ? { reply: reply(text(`Muted ${what}, by ${ctx.actor.name}.`, 'success'), actions(button('Unmute', { verb: UNMUTE_RULE_VERB, value: String(rule.id) }))) }
    : { reply: reply(text(`Unmuted ${what}, by ${ctx.actor.name}.`, 'success'), actions(muteButton(rule.id))) };
}

export const automationActions: ActionMap = {
  [CANCEL_AUTOMATION_VERB]: {
    kind: 'job',
    writes: true,
    async handle(ctx, value) {
      const automation = await findAutomation(ctx, value);
      return automation ? cancelAutomation(ctx, automation) : unreadable();
    },
  },
  [MUTE_RULE_VERB]: { kind: 'job', writes: true, handle: (ctx, value) => setMuted(ctx, value, true) },
  [UNMUTE_RULE_VERB]: { kind: 'job', writes: true, handle: (ctx, value) => setMuted(ctx, value, false) },
};
