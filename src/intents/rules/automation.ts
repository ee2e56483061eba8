/**
 * Automation extensions (beyond shared/intents.md): schedule_digest ("post the pipeline digest
 * to #sales every Monday at 9am", "daily ticket summary here at 8:30"), list_automations ("what
 * digests are scheduled?"), cancel_automation ("cancel the pipeline digest"), create_rule
 * ("notify #support about urgent tickets", "tell #sales when a deal is won", "warn the assignee
 * when a ticket SLA is about to breach") and set_quiet_hours ("quiet hours in #support 20:00-08:00").
 * Every pattern needs an unmistakable automation word (digest, every/daily/weekly, notify …
 * when/about, quiet hours), so ordinary reports and tickets are left to their rules.
 */
import { candidate, type Rule } from '../message.js';

const DIGEST_NOUN = /\b(?:digest|summary|rundown|recap|report)\b/i;
const SCHEDULE_CUE = /\b(?:every|each)\s+(?:day|morning|weekday|week|mon|tue|wed|thu|fri|sat|sun)\w*|\b(?:daily|weekly|weekdays|on\s+weekdays|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)\b|\bweekday(?:\s+\w+)?\s+(?:digest|summary|rundown|recap)\b/i;
const CHANNEL = /(<#[A-Z0-9]+(?:\|[^>]*)?>|<#\d+>|#[\w-]+)|\b(here|this\s+channel)\b/i;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const REPORTS: Array<[RegExp, string]> = [
  [/\bpipeline\b/i, 'pipeline'],
  [/\btickets?\b|\bsupport\b/i, 'tickets'],
  [/\brevenue\b|\bsales\s+(?:digest|summary|report)\b/i, 'revenue'],
  [/\btop\s+customers?\b/i, 'top_customers'],
  [/\bsegments?\b/i, 'segments'],
  [/\bactivit(?:y|ies)\b/i, 'activities'],
];

function channelOf(s: string): string | undefined {
  const m = CHANNEL.exec(s);
  if (!m) return undefined;
  return m[1] ?? 'here';
}

/** "9am", "9:30 pm", "08:30", "noon" → HH:MM; undefined when none. */
export function timeOf(s: string): string | undefined {
  if (/\bnoon\b|\bmidday\b/i.test(s)) return '12:00';
  const m = /\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\W|$)/i.exec(s.replace(/<#[^>]*>|#[\w-]+/g, ' '));
  if (!m || (!m[2] && !m[3] && !/\bat\s+\d/i.test(m[0]))) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  const half = m[3]?.toLowerCase().replace(/\./g, '');
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export const scheduleDigestRule: Rule = (m) => {
  const s = m.text;
  if (!DIGEST_NOUN.test(s) || !SCHEDULE_CUE.test(s)) return null;
  const report = REPORTS.find(([re]) => re.test(s))?.[1];
  if (!report) return null;
  let frequency: 'daily' | 'weekdays' | 'weekly' = 'daily';
  let weekday: number | undefined;
  const day = /\b(?:every|each|on)?\s*(mon|tue|wed|thu|fri|sat|sun)(?:day|s?day|nesday|rsday|urday|sday)?s?\b/i.exec(s);
  if (/\bweekdays?\b|\bmon(?:day)?\s*(?:-|to|through)\s*fri(?:day)?\b/i.test(s)) frequency = 'weekdays';
  else if (day && /\b(?:every|each|on)\s+\w*day|\w+days\b/i.test(s)) {
    frequency = 'weekly';
    weekday = DAYS.indexOf(day[1]!.toLowerCase()) + 1;
  } else if (/\bweekly\b|\bevery\s+week\b/i.test(s)) {
    frequency = 'weekly';
    weekday = 1;
  }
  return candidate('schedule_digest', { report, channel: channelOf(s), frequency, weekday, time: timeOf(s) ?? '09:00' });
};

export const listAutomationsRule: Rule = (m) => {
  const s = m.text;
  if (/^(?:what|which|show|list|any|see|view)\b.*\b(?:digests|automations|notification\s+rules|alerts|scheduled\s+(?:posts|reports|digests))\b/i.test(s)) return candidate('list_automations', {});
  if (/^(?:what|which)\s+(?:digests?|reports?)\s+(?:are|is)\s+scheduled\b/i.test(s)) return candidate('list_automations', {});
  if (/^(?:my\s+|the\s+)?(?:digests|automations|notification\s+rules)\??$/i.test(s)) return candidate('list_automations', {});
  return null;
};

export const cancelAutomationRule: Rule = (m) => {
  const r = /^(?:please\s+)?(?:cancel|stop|delete|remove|turn\s+off|disable|unschedule)\s+(?:the\s+|my\s+|that\s+)?(.*\b(?:digest|summary|rule|notifications?|alerts?|automation)\b.*?)[.!?]?$/i.exec(m.text);
  if (!r) return null;
  return candidate('cancel_automation', { target: r[1]!.trim() });
};

const RULE_HEAD = /^(?:please\s+)?(?:notify|tell|alert|ping|warn|post\s+(?:to|in)|message|let)\b/i;

export const createRuleRule: Rule = (m) => {
  const s = m.text;
  if (!RULE_HEAD.test(s)) return null;
  if (/\bsla\b|\bbreach/i.test(s) && /\bwhen|\bbefore|\babout|\bif\b/i.test(s)) {
    return candidate('create_rule', { event: 'sla_breach', channel: /\bassignee\b/i.test(s) ? undefined : channelOf(s) });
  }
  if (/\burgent\s+tickets?\b|\btickets?\b.*\burgent\b/i.test(s) && /\b(?:about|when|of|on|for)\b/i.test(s)) {
    return candidate('create_rule', { event: 'urgent_ticket', channel: channelOf(s) });
  }
  if (/\bdeals?\b.*\bwon\b|\bwon\s+deals?\b|\bdeal\s+wins?\b/i.test(s) && /\b(?:when|about|of|whenever)\b/i.test(s)) {
    return candidate('create_rule', { event: 'deal_won', channel: channelOf(s) });
  }
  return null;
};

export const quietHoursRule: Rule = (m) => {
  const s = m.text;
  if (!/\bquiet\s+hours?\b|^(?:mute|silence|pause|snooze)\s+(?:all\s+|my\s+|the\s+)?(?:notifications|alerts|pings|messages|the\s+bot|rapport)\b|\b(?:do\s+not\s+disturb|dnd)\b/i.test(s)) return null;
  const range = /(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)\s*(?:-|–|to|until|till|and)\s*(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)/i.exec(s.replace(/<#[^>]*>|#[\w-]+/g, ' '));
  const off = /\b(?:no|off|remove|cancel|stop)\b/i.test(s) && !range;
  if (!range && !off) return null;
  const at = (t: string) => timeOf(/[:.]|am|pm/i.test(t) ? t : `${t}:00`);
  const start = range ? at(range[1]!) : '00:00';
  const end = range ? at(range[2]!) : '00:00';
  if (!start || !end) return null;
  return candidate('set_quiet_hours', { channel: channelOf(s), start, end });
};

export const automationRules: readonly Rule[] = [quietHoursRule, listAutomationsRule, cancelAutomationRule, createRuleRule, scheduleDigestRule];
