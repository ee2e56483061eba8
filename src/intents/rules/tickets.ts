/**
 * Ticket intents. A ticket reference ("#21", "ticket 21", or a bare number after an update verb)
 * means update_ticket or show_ticket; a create head ("open a ticket", "urgent ticket for X", "/crm
 * ticket X …") means create_ticket; plural "tickets" with a scope means list_tickets. Ticket
 * statistics ("ticket report last week") are left to the report rule.
 */
import { findPeriod } from '../periods.js';
import { candidate, type Rule } from '../message.js';
import { findBareNumber, findPriority, findStatus, findTicketRef, findVerbNumber, type Hit } from '../extractors/ticket.js';
import { readName, nameAfter, nameBefore } from '../extractors/names.js';
import { quotedArgs, removeSpans, tidy } from '../extractors/text.js';
import type { TicketPriority } from '../catalog.js';
import { REPORT_CUE } from './report.js';

const NOUN = '(?:support\\s+)?(?:ticket|bug(?:\\s+report)?|issue|case|incident|problem|support\\s+request|service\\s+request)';
const PRIO = '(?:p[0-4]|sev\\s?[0-4]|urgent|critical|high|low|normal|medium|minor|blocker)';
const CREATE_HEAD = new RegExp(
  `^(?:${PRIO}\\s*[:!,-]\\s*)?(?:(?:open|create|raise|file|log|submit|add|start|make|put\\s+in|enter|record|report|cut|new)\\s+(?:up\\s+)?(?:(?:a|an|the|one|another)\\s+)?)?(?:new\\s+)?(?:${PRIO}(?:\\s*-?\\s*(?:priority|prio|pri|severity|sev))?\\s+)?(?:${NOUN}|p[0-4](?=\\s*(?:for\\b|:|-)))\\b(?!s)(?!\\s*#?\\s*\\d+\\b)`,
  'i',
);
const UPDATE_VERB =
  /\b(?:close|closed|resolve|resolved|solve|solved|fix|fixed|reopen|re-open|mark|set|put|move|change|update|escalate|bump|raise|lower|downgrade|assign|reassign|unassign|give|hand|pass|route|transfer|take|grab|done|pending|hold|prioritize|prioritise|priority)\b/i;
const SHOW_HEAD =
  /^(?:show|view|display|get|open|pull\s+up|check|see|look\s+at|details?|info|status|what|what's|whats|how|how's|where|any\s+news|any\s+update|is|are|was|has|did|does|tell\s+me)\b/i;
const ASSIGN =
  /(?:->|→|=>)\s*(?!(?:open|re-?open|pending|on\s+hold|resolved|closed|done|fixed|urgent|high|low|normal|medium|p[0-4])\b)(?=\w)|\b(?:re)?assign(?:ed)?\b(?:.*?)\bto\s+|\b(?:give|hand|pass|route|transfer|send|move)\b.*?\bto\s+/i;
const SELF = /^(?:me|myself|i)\b/i;
const TAKE = /(?:^|\b(?:i'?ll|i\s+will|let\s+me|i'?m\s+going\s+to|i\s+can)\s+)(?:take|grab|handle|own|pick\s+up)\b/i;
const LIST_CUE =
  /\b(?:my|mine|all|any|list|show|which|what|how\s+many)\b|\b(?:open|pending|resolved|closed|unresolved|outstanding|assigned)\b|\b(?:for|from|of|by|at)\s+\S/i;

function ticketPriority(s: string): Hit<TicketPriority> | null {
  const p = findPriority(s);
  if (p) return p;
  const esc = /\b(?:escalate|bump\s+up|(?:raise|bump|increase|up)\s+(?:the\s+)?(?:priority|prio)|prioriti[sz]e)\b/i.exec(s);
  return esc ? { value: 'high', start: esc.index, end: esc.index + esc[0].length } : null;
}

function updateOrShow(s: string, ref: Hit<number>): ReturnType<Rule> {
  const rest = removeSpans(s, [ref]);
  const question = /^(?:what|what's|whats|how|how's|where|is|are|was|has|did|does|any)\b/i.test(s);
  let assignee: string | undefined;
  const as = ASSIGN.exec(rest);
  // "assign 42 to @dave", "assign #42 <@U123>": a chat mention names the assignee.
  const mention = /\b(?:re)?assign(?:ed)?\b[^@<]*?(?:\bto\s+)?(?:<@!?([A-Za-z0-9]+)>|@([\p{L}][\p{L}\p{N}._-]*))/iu.exec(rest);
  if (mention) assignee = mention[1] ? `<@${mention[1]}>` : mention[2]!.replace(/[._-]+$/, '');
  else if (as) {
    const at = as.index + as[0].length;
    if (SELF.test(rest.slice(at).trim())) assignee = 'me';
    else assignee = readName(rest, at)?.value;
  } else if (/\bassign\s+(?:it\s+)?(?:to\s+)?me\b|\bassign\s+me\b/i.test(rest) || TAKE.test(rest)) assignee = 'me';
  else {
    const assignX = /\bassign\s+/i.exec(rest);
    if (assignX) assignee = readName(rest, assignX.index + assignX[0].length)?.value;
  }
  const priority = ticketPriority(rest);
  const statusText = removeSpans(rest, [priority]);
  let status = findStatus(statusText);
  // "ticket 15 is fixed, close it": the imperative is the command.
  const order = /\b(close|resolve|re-?open)\s+(?:it|this|that|them|the\s+ticket)\b/i.exec(statusText);
  if (order) status = findStatus(order[1]!);
  // "open ticket 5" means show it; "is #5 closed?" asks, it does not close.
  if (status?.value === 'open' && !/\bre-?open/i.test(statusText) && /^(?:open|opened)\b/i.test(s.trim())) status = null;
  if (question && !/^(?:set|mark|close|resolve|reopen)/i.test(s)) return candidate('show_ticket', { ticket: ref.value });
  if (!status && !priority && !assignee) {
    if (SHOW_HEAD.test(s) || /^\W*(?:ticket|#)/i.test(s)) return candidate('show_ticket', { ticket: ref.value });
    return candidate('show_ticket', { ticket: ref.value }, 'low');
  }
  return candidate('update_ticket', { ticket: ref.value, status: status?.value, priority: priority?.value, assignee });
}

function create(s: string, headEnd: number): ReturnType<Rule> {
  const priority = findPriority(s);
  let rest = s.slice(headEnd);
  const offset = headEnd;
  let customer: { value: string; start: number; end: number } | null = null;
  const forName = /^\s*(?:for|from|with|at|on|about\s+customer|customer)\s+/i.exec(rest);
  if (forName) {
    customer = readName(rest, forName[0].length);
    if (customer) customer = { ...customer, start: 0 };
  }
  else {
    // "/crm ticket Litware "cannot add users" high" or "ticket Acme: SSO broken".
    const direct = readName(rest, 0);
    if (direct && /^\s*(?:["':\-,]|$)/.test(rest.slice(direct.end))) customer = direct;
  }
  const spans = [customer, priority && priority.start >= offset ? { start: priority.start - offset, end: priority.end - offset } : null];
  if (!customer) {
    const trailing = /\b(?:for|from)\s+(?=\S+\s*$)/i.exec(rest);
    if (trailing) {
      const n = readName(rest, trailing.index + trailing[0].length, { lower: false });
      if (n && n.end >= rest.trimEnd().length - 1) {
        customer = n;
        spans.push({ start: trailing.index, end: n.end });
      }
    }
  }
  rest = removeSpans(rest, spans);
  const q = quotedArgs(rest);
  const subject = tidy((q.length === 1 ? q[0]!.value : tidy(rest) ?? '').replace(/^(?:saying|that|about|re|stating|reporting)\s+/i, '').replace(/\(\s*\)/g, ''));
  if (!subject) return null;
  return candidate('create_ticket', { subject, customer: customer?.value, priority: priority?.value ?? 'normal' });
}

/** "Acme's checkout is broken, open an urgent ticket": the clause before the command is the subject. */
function midSentenceCreate(s: string): ReturnType<Rule> {
  const at = /[,.;:]\s+(?=(?:(?:can|could|would)\s+(?:you|u|we|someone)\s+)?(?:please\s+)?(?:open|create|raise|file|log|submit)\b)/i.exec(s);
  if (!at) return null;
  const tail = s.slice(at.index + at[0].length).replace(/^(?:(?:can|could|would)\s+(?:you|u|we|someone)\s+)?(?:please\s+)?/i, '');
  const head = CREATE_HEAD.exec(tail);
  if (!head || tail.slice(head[0].length).trim().length > 0 && !/^\s*(?:for|from)\b/i.test(tail.slice(head[0].length))) return null;
  const before = s.slice(0, at.index).replace(/^(?:(?:the\s+)?(?:customer|client|account)\s+)(?=\p{Lu})/u, '');
  const owner = /^(.+?)'s\s+/.exec(before);
  const speaker = !owner ? readName(before, 0, { lower: false }) : null;
  const speaks = speaker && /^\s*(?:reports?|reported|has|have|is|are|says|said|can'?t|cannot|complains?|complained|sees|saw|got|gets|wants?|needs?|asked|asks|requests?|requested)\b/i.test(before.slice(speaker.end));
  const forName = /^\s*(?:for|from)\s+/i.exec(tail.slice(head[0].length));
  const customer = forName ? readName(tail, head[0].length + forName[0].length)?.value : owner ? readName(before, 0)?.value : speaks ? speaker.value : undefined;
  const reported = speaks ? /^\s*(?:says|said|reports?|reported|complains?|complained)\s+(?:that\s+)?/i.exec(before.slice(speaker.end)) : null;
  const subject = tidy(owner && !forName ? before.slice(owner[0].length) : reported && speaker ? before.slice(speaker.end + reported[0].length) : before);
  if (!subject) return null;
  return candidate('create_ticket', { subject, customer, priority: findPriority(s)?.value ?? 'normal' });
}

function list(s: string): ReturnType<Rule> {
  const statusHit = findStatus(s.replace(/\btickets?\b/gi, (w) => ' '.repeat(w.length)));
  const mine = /\b(?:my|mine)\b|\b(?:assigned\s+to|for)\s+me\b|\bi\s+(?:have|own|am|'m)\b|\bdo\s+i\s+have\b/i.test(s);
  let customer = nameAfter(s, /\b(?:for|from|of|by|at|with|about|on)\s+(?!me\b|myself\b|us\b)/i)?.value;
  // "what tickets does Hooli have open"
  if (!customer) {
    const does = /\b(?:does|did|has)\s+/i.exec(s);
    const who = does ? readName(s, does.index + does[0].length, { lower: false }) : null;
    if (who && /^\s+(?:have|got|open|opened|raise|raised|file|filed|log|logged|submit|submitted)\b/i.test(s.slice(who.end))) customer = who.value;
  }
  if (!customer) {
    const noun = /\btickets?\b/i.exec(s);
    if (noun) {
      const before = removeSpans(s.slice(0, noun.index), [statusHit && statusHit.end <= noun.index ? statusHit : null]).trimEnd();
      customer = nameBefore(before, before.length, { lower: false })?.value;
    }
  }
  const scope = customer ? 'customer' : mine ? 'mine' : 'all';
  return candidate('list_tickets', { scope, customer, status: statusHit?.value }, LIST_CUE.test(s) ? 'high' : 'low');
}

export const ticketRule: Rule = (m) => {
  const s = m.text;
  // "#4" after deal/order words is not a ticket.
  if (/\b(?:deal|opportunit\w*|order|oppty)\s*(?:no\.?|number)?\s*#?\s*\d/i.test(s) && !/\bticket/i.test(s)) return null;
  const head = CREATE_HEAD.exec(s);
  let ref = findTicketRef(s);
  if (!ref && /\b(?:status|update|news)\s+(?:of|on|for)\s+(?=\d)/i.test(s)) ref = findBareNumber(s);
  if (!ref && !head && UPDATE_VERB.test(s) && !/\b(?:deal|opportunit|order|reminder|customer|contact|close\s+date)/i.test(s)) ref = findVerbNumber(s);
  if (ref && !(head && ref.start > head[0].length + 2)) return updateOrShow(s, ref);
  // A bare noun head ("ticket report last week") is statistics, not a new ticket.
  const bareHead = head && !/^(?:\S+\s*[:!,-]\s*)?(?:open|create|raise|file|log|submit|add|start|make|put|enter|record|report|cut|new)\b/i.test(s);
  // Asked only of a bare head: finding a period costs more than the rest of this rule.
  const stats = () => REPORT_CUE.test(s) || !!findPeriod(s, m.time);
  if (head && !(bareHead && stats() && !/^[^:]*:/.test(s))) {
    const c = create(s, head[0].length);
    if (c) return c;
  }
  const mid = midSentenceCreate(s);
  if (mid) return mid;
  // "what's open for Acme", "anything pending with Globex?": open work for a customer is its tickets.
  if (/^(?:what's|what\s+is|what|anything|is\s+there\s+anything)\s+(?:still\s+)?(?:open|pending|outstanding|unresolved)\s+(?:for|with|at|on)\s+\S/i.test(s)) return list(s);
  if (!/\b(?:tickets|issues|cases|ticket)\b/i.test(s.replace(/\b\d+\s+(?:issues|cases)\b/gi, ''))) return null;
  if (/\b(?:a|an)\s+(?:\w+\s+)?ticket\b/i.test(s)) return null;
  if (stats()) return null;
  // "Wonka bought 500 units of Golden Ticket": a purchase, not a ticket list.
  if (/\b(?:ordered|bought|purchased|sold)\b/i.test(s)) return null;
  if (!/\btickets\b/i.test(s) && !LIST_CUE.test(s)) return null;
  // "my ticket to the game": a singular ticket *to* something is not a CRM ticket.
  if (!/\b(?:tickets|issues|cases)\b/i.test(s) && /\bticket\s+(?:to|for)\s+(?:the|a|an)\b/i.test(s)) return null;
  return list(s);
};
