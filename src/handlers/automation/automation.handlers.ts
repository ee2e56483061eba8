import { createDigest, digestTitle, scheduleOf, CANCEL_AUTOMATION_VERB } from '../../jobs/automations/digests.js';
import { createRule, RULE_DESCRIPTIONS } from '../../jobs/automations/rules.js';
import { describeSchedule } from '../../jobs/automations/schedule.js';
import type { Automation, RuleEvent } from '../../jobs/automations/automation.table.js';
import { formatInstant } from '../common/format.js';
import { forbiddenReply } from '../common/replies.js';
import { actions, button, context, list, reply, text, type Action } from '../../reply/reply.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import { MANAGERS_ONLY, canManageAutomations, resolveChannel } from './channel.js';

const noHere = () => ({ reply: reply(text('Which channel? Say it with the channel, e.g. “… to #sales”.', 'warning')) });

export const scheduleDigestHandler = defineHandler({
  intent: 'schedule_digest',
  writes: true,
  async handle(ctx, { slots }) {
    if (!canManageAutomations(ctx)) return { reply: forbiddenReply(MANAGERS_ONLY) };
    const channel = resolveChannel(ctx, slots.channel);
    if (!channel) return noHere();
    const schedule = { frequency: slots.frequency, weekday: slots.weekday ?? (slots.frequency === 'weekly' ? 1 : null), time: slots.time, timeZone: ctx.tz };
    const digest = await createDigest(ctx.db, {
      platform: ctx.platform,
      workspaceId: channel.workspaceId,
      channelId: channel.channelId,
      channelLabel: channel.label,
      report: slots.report,
      schedule,
      createdBy: ctx.actor.id,
      now: ctx.now(),
    });
    await ctx.audit({ action: 'automation.create', entity: 'automation', entityId: digest.id, after: digest });
    return {
      reply: reply(
        text(`Scheduled: the ${digestTitle(slots.report).toLowerCase()} in ${channel.label} ${describeSchedule(schedule)}.`, 'success'),
        context(`First post: ${formatInstant(digest.next_run_at!, ctx.tz)}.`),
        actions(button('Cancel this digest', { verb: CANCEL_AUTOMATION_VERB, value: String(digest.id), forUserId: ctx.actor.id }, 'danger')),
      ),
    };
  },
});

const ruleWords: Record<RuleEvent, string> = {
  urgent_ticket: 'new urgent tickets',
  deal_won: 'deals won',
  sla_breach: 'tickets an hour before their SLA breaches',
};

export const createRuleHandler = defineHandler({
  intent: 'create_rule',
  writes: true,
  async handle(ctx, { slots }) {
    if (!canManageAutomations(ctx)) return { reply: forbiddenReply(MANAGERS_ONLY) };
    const toAssignee = slots.event === 'sla_breach' && (!slots.channel || /assignee/i.test(slots.channel));
    const channel = toAssignee ? null : resolveChannel(ctx, slots.channel);
    if (!toAssignee && !channel) return noHere();
    const label = channel?.label ?? 'the assignee';
    const existing = await ctx.db
      .selectFrom('automations')
      .select('id')
      .where('kind', '=', 'rule')
      .where('event', '=', slots.event)
      .where('platform', '=', ctx.platform)
      .where('channel_id', channel ? '=' : 'is', channel?.channelId ?? null)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    if (existing) return { reply: reply(text(`That rule already exists (rule #${existing.id}): ${ruleWords[slots.event]} → ${label}.`, 'muted')) };
    const rule = await createRule(ctx.db, {
      event: slots.event,
      platform: ctx.platform,
      workspaceId: channel?.workspaceId ?? ctx.channel?.workspaceId ?? 'local',
      channelId: channel?.channelId ?? null,
      channelLabel: label,
      timeZone: ctx.tz,
      createdBy: ctx.actor.id,
    });
    await ctx.audit({ action: 'automation.create', entity: 'automation', entityId: rule.id, after: rule });
    return {
      reply: reply(
        text(`Done: I’ll tell ${label} about ${ruleWords[slots.event]} (rule #${rule.id}).`, 'success'),
        context('Bursts within a minute come as one message; each message has a “Mute this rule” button.'),
        actions(button('Cancel this rule', { verb: CANCEL_AUTOMATION_VERB, value: String(rule.id), forUserId: ctx.actor.id }, 'danger')),
      ),
    };
  },
});

export const setQuietHoursHandler = defineHandler({
  intent: 'set_quiet_hours',
  writes: true,
  async handle(ctx, { slots }) {
    if (!canManageAutomations(ctx)) return { reply: forbiddenReply(MANAGERS_ONLY) };
    const channel = resolveChannel(ctx, slots.channel);
    if (!channel) return noHere();
    const values = {
      platform: ctx.platform,
      channel_id: channel.channelId,
      channel_label: channel.label,
      start_time: slots.start,
      end_time: slots.end,
      time_zone: ctx.tz,
      created_by: ctx.actor.id,
    };
    await ctx.db
      .insertInto('quiet_hours')
      .values(values)
      .onConflict((oc) => oc.columns(['platform', 'channel_id']).doUpdateSet({ start_time: slots.start, end_time: slots.end, time_zone: ctx.tz, channel_label: channel.label }))
      .execute();
    await ctx.audit({ action: 'quiet_hours.set', entity: 'quiet_hours', entityId: null, after: values });
    const none = slots.start === slots.end;
    return {
      reply: reply(
        text(none ? `No quiet hours in ${channel.label} any more.` : `Quiet hours in ${channel.label}: ${slots.start}–${slots.end} (${ctx.tz}). Notifications in that time wait until ${slots.end}.`, 'success'),
      ),
    };
  },
});

function describeAutomation(a: Automation): string {
  if (a.kind === 'digest') return `#${a.id} ${digestTitle(a.report ?? '')} → ${a.channel_label}, ${describeSchedule(scheduleOf(a))}`;
  return `#${a.id} ${RULE_DESCRIPTIONS[a.event!]} → ${a.channel_label}${a.muted_at ? ' (muted)' : ''}`;
}

async function activeAutomations(ctx: HandlerContext): Promise<Automation[]> {
  return ctx.db.selectFrom('automations').selectAll().where('cancelled_at', 'is', null).where('platform', '=', ctx.platform).orderBy('id').execute();
}

export const listAutomationsHandler = defineHandler({
  intent: 'list_automations',
  writes: false,
  async handle(ctx) {
    const all = await activeAutomations(ctx);
    const quiet = await ctx.db.selectFrom('quiet_hours').selectAll().where('platform', '=', ctx.platform).whereRef('start_time', '<>', 'end_time').orderBy('id').execute();
    if (all.length === 0 && quiet.length === 0) {
      return { reply: reply(text('No digests or notification rules are set up yet. Try “post the pipeline digest to #sales every Monday at 9am”.', 'muted')) };
    }
    const digests = all.filter((a) => a.kind === 'digest');
    const rules = all.filter((a) => a.kind === 'rule');
    const blocks = [];
    if (digests.length) blocks.push(text(`Scheduled digests (${digests.length}):`), list(digests.map(describeAutomation)));
    if (rules.length) blocks.push(text(`Notification rules (${rules.length}):`), list(rules.map(describeAutomation)));
    if (quiet.length) blocks.push(context(`Quiet hours: ${quiet.map((q) => `${q.channel_label} ${q.start_time}–${q.end_time} (${q.time_zone})`).join('; ')}`));
    const buttons: Action[] = canManageAutomations(ctx)
      ? all.slice(0, 10).map((a) => button(`Cancel #${a.id}`, { verb: CANCEL_AUTOMATION_VERB, value: String(a.id), forUserId: ctx.actor.id }))
      : [];
    if (buttons.length) blocks.push(actions(...buttons));
    return { reply: reply(...blocks) };
  },
});

const REPORT_WORDS: Array<[RegExp, string]> = [
  [/pipeline/i, 'pipeline'],
  [/ticket|support/i, 'tickets'],
  [/revenue|sales\s+digest/i, 'revenue'],
  [/top\s+customers?/i, 'top_customers'],
  [/segment/i, 'segments'],
  [/activit/i, 'activities'],
];
const EVENT_WORDS: Array<[RegExp, RuleEvent]> = [
  [/urgent/i, 'urgent_ticket'],
  [/\bwon\b|\bwins?\b|deal/i, 'deal_won'],
  [/sla|breach/i, 'sla_breach'],
];

/** Which automations a phrase names: "#3", "the pipeline digest", "the urgent ticket rule". */
function matching(all: Automation[], target: string): Automation[] {
  // Only a target that is nothing but a number names an id: the 8 of "the 8:30 summary", the 4
  // of "Q4" or the 2 of "#team2" do not.
  const id = /^(?:(?:the\s+)?(?:digest|rule|automation|notification)\s+)?(?:#|number\s+|no\.?\s*)?(\d+)$/i.exec(target.trim());
  if (id) return all.filter((a) => a.id === Number(id[1]));
  const isRule = /\b(rule|notification|notify|alert)s?\b/i.test(target);
  const isDigest = /\b(digest|summary|report)\b/i.test(target);
  const channel = /#([\w-]+)/.exec(target)?.[1]?.toLowerCase();
  return all.filter((a) => {
    if (channel && !a.channel_label.toLowerCase().includes(channel)) return false;
    if (a.kind === 'digest') {
      if (isRule && !isDigest) return false;
      const report = REPORT_WORDS.find(([re]) => re.test(target))?.[1];
      return report ? a.report === report : isDigest;
    }
    if (isDigest && !isRule) return false;
    const event = EVENT_WORDS.find(([re]) => re.test(target))?.[1];
    return event ? a.event === event : isRule;
  });
}

export async function cancelAutomation(ctx: HandlerContext, automation: Automation) {
  if (!canManageAutomations(ctx) && automation.created_by !== ctx.actor.id) return { reply: forbiddenReply(MANAGERS_ONLY) };
  if (automation.cancelled_at) return { reply: reply(text(`${describeAutomation(automation)} was already cancelled.`, 'muted')) };
  const after = await ctx.db.updateTable('automations').set({ cancelled_at: ctx.now() }).where('id', '=', automation.id).returningAll().executeTakeFirstOrThrow();
  await ctx.audit({ action: 'automation.cancel', entity: 'automation', entityId: automation.id, before: automation, after });
  return { reply: reply(text(`Cancelled: ${describeAutomation(automation)}.`, 'success')) };
}

export const cancelAutomationHandler = defineHandler({
  intent: 'cancel_automation',
  writes: true,
  async handle(ctx, { slots }) {
    const all = await activeAutomations(ctx);
    const found = matching(all, slots.target);
    if (found.length === 1) return cancelAutomation(ctx, found[0]!);
    if (found.length === 0) {
      return { reply: reply(text(`I couldn’t find a digest or rule matching “${slots.target}”. Say “what digests are scheduled?” to see them.`, 'warning')) };
    }
    return {
      reply: reply(
        text(`“${slots.target}” matches ${found.length} automations. Which one?`, 'warning'),
        list(found.map(describeAutomation)),
        actions(...found.slice(0, 10).map((a) => button(`Cancel #${a.id}`, { verb: CANCEL_AUTOMATION_VERB, value: String(a.id), forUserId: ctx.actor.id }))),
      ),
    };
  },
});

