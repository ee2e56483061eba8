/**
 * log_activity: "log a call with Jane at Acme: renewal, follow up next Tuesday", "met with Sam from
 * Fabrikam, demo went well", "emailed Litware the quote", "note on Contoso: …", "phoned/rang …".
 * Grammar: HEAD (kind) · [with|to|for|on] · PERSON [at|from|of|@ COMPANY] | COMPANY · rest → summary.
 */
import type { ActivityKind } from '../catalog.js';
import { findDates, type DateHit } from '../dates.js';
import { candidate, type Rule } from '../message.js';
import { readName, nameAfter, type NameHit } from '../extractors/names.js';
import { quotedArgs, removeSpans, tidy, type Span } from '../extractors/text.js';

const KIND_NOUNS: ReadonlyArray<readonly [string, ActivityKind]> = [
  ['(?:phone\\s+|video\\s+|zoom\\s+|teams\\s+|sales\\s+|discovery\\s+|intro\\s+|follow\\s+up\\s+)?call|phone|ring', 'call'],
  ['meeting|meet|demo|visit|site\\s+visit|lunch|coffee|dinner|presentation|onsite|on-site|workshop', 'meeting'],
  ['email|mail|message|e-mail', 'email'],
  ['notes?|comment|memo', 'note'],
];
const FILLER = '(?:(?:a|an|the|my|one|new|quick|short|brief|long|good|great|follow-up|productive|\\d+[\\s-]*(?:minutes?|min|hours?|hr)s?)\\s+)*';
const LOG_VERB = '(?:log|logged|record|recorded|add|added|enter|create|save|track|jot(?:\\s+down)?|write(?:\\s+down)?|put\\s+in|make|capture)';
const CALL_ADJ = '(?:(?:phone|quick|sales|intro|zoom|teams|video|discovery|catch[\\s-]?up|check[\\s-]?in|follow\\s+up|kick-?off|short|long|good|great|productive|brief|first)\\s+)*';
const MEET_ADJ = '(?:(?:lunch|coffee|dinner|breakfast|kick-?off|intro|onsite|on-site|in-person|zoom|teams|video|demo|qbr|review|quick|good|great)\\s+)*';
const SUBJ = '(?:(?:i|we|just|also|finally|today|yesterday)\\s+)*';

const HEADS: ReadonlyArray<readonly [RegExp, ActivityKind | null]> = [
  [new RegExp(`^${LOG_VERB}\\s+${FILLER}(${KIND_NOUNS.map((k) => k[0]).join('|')})\\b`, 'i'), null],
  [new RegExp(`^${SUBJ}(?:(?:called|rang|phoned)\\s+(?:up|back)(?=\\s+\\S)|called|phoned|rang|rung|spoke|spoken|talked|chatted|caught\\s+up|had\\s+${FILLER}(?:phone\\s+|video\\s+|zoom\\s+)?(?:call|chat|conversation|convo|catch[\\s-]?up|check[\\s-]?in)(?!\\s+(?:meeting|lunch|coffee|dinner|breakfast|demo|visit))|(?:got\\s+off|was\\s+on|been\\s+on)\\s+${FILLER}(?:phone\\s+)?(?:call|phone)|on\\s+(?:a|the)\\s+(?:phone|call)|${CALL_ADJ}call(?=\\s+(?:with|w|to)\\b)|left\\s+(?:a\\s+)?(?:voicemail|vm|message))\\b`, 'i'), 'call'],
  [new RegExp(`^${SUBJ}(?:met|met\\s+up|sat\\s+down|got\\s+together|meeting|had\\s+${FILLER}(?:[\\w-]+\\s+){0,2}?(?:meeting|demo|lunch|coffee|dinner|visit|workshop)|visited|demo'?d|demoed|presented|did\\s+${FILLER}(?:site\\s+|on-?site\\s+|customer\\s+|product\\s+)?(?:demo|presentation|visit|walkthrough|training|workshop)|${MEET_ADJ}(?:meeting|demo|lunch|coffee|dinner|breakfast|drinks|onsite|on-site|visit|qbr)(?=\\s+(?:with|w|at)\\b)|(?:demo|presentation|walkthrough|training|workshop)(?=\\s+(?:for|to)\\s+\\S))\\b`, 'i'), 'meeting'],
  [new RegExp(`^${SUBJ}(?:emailed|e-mailed|mailed|messaged|(?:sent|wrote|dropped)\\s+${FILLER}(?:email|mail|e-mail|message|note|line)|wrote|sent|pinged|texted|dm'?e?d|slacked|forwarded|replied|(?:email|e-mail|mail|message)(?:\\s+(?:sent|went\\s+out))?(?=\\s+(?:to|with|from)\\b))\\b`, 'i'), 'email'],
  [/^(?:note|notes|noted|comment|memo|jot(?:\s+(?:down|this))?|(?:write|note|put)\s+down|for\s+the\s+record|remember\s+that)\b/i, 'note'],
  [new RegExp(`^${SUBJ}(?:followed\\s+up|checked\\s+in|touched\\s+base|reached\\s+out|circled\\s+back)\\b`, 'i'), 'call'],
];
// "followed up with Initech by email": the channel named later decides the kind.
const CHANNEL: ReadonlyArray<readonly [RegExp, ActivityKind]> = [
  [/\b(?:by|via|over|through|on)\s+(?:e-?mail|mail|text|sms|linkedin|slack|message|dm)\b/i, 'email'],
  [/\b(?:by|via|over|on)\s+(?:the\s+)?(?:phone|call|zoom|teams|video)\b/i, 'call'],
  [/\b(?:in\s+person|over\s+(?:lunch|coffee|dinner|breakfast|drinks)|onsite|on-site)\b/i, 'meeting'],
];

function kindOf(word: string): ActivityKind {
  for (const [re, kind] of KIND_NOUNS) if (new RegExp(`^(?:${re})$`, 'i').test(word.trim())) return kind;
  return 'note';
}

const LINK = /^\s*(?:at|from|of|@|with|\(|,\s*(?:from|at|of)\s+)\s*/i;
const PREP = /^\s*(?:[:,-]\s*)?(?:(?:notes?|recap|summary|minutes|update)\b\s*(?:[:,-]\s*)?)?(?:(?:with|w|to|for|on|at|from|about|up\s+with|in\s+with|into|re)\s+)?(?:(?:the\s+)?(?:folks|team|people|guys|crew|gang)\s+(?:at|from|over\s+at)\s+)?/i;
// A determiner then a lower-case noun ("the proposal"), not "the Adatum team".
const OBJECT_START = /^(?:[Tt]he|[Aa]n?|[Oo]ur|[Mm]y|[Tt]heir|[Hh]is|[Hh]er|[Ss]ome|[Oo]ver)\s+(?!\p{Lu})/u;
const RECIPIENT = /\s(?:to|for|with|over\s+to)\s+(?=\S)/i;
const FOLLOW_CUE =
  /\b(?:follow\s+up|circle\s+back|check\s+back|check\s+in|call\s+(?:them\s+|him\s+her\s+)?back|touch\s+base|reach\s+out\s+again|ping\s+(?:them|him|her)\s+again|next\s+(?:step|steps|meeting|call|touchpoint)(?:\s+is)?|revisit|reconnect)\b/gi;

/** Person at company, company's person, or just a company. */
function readParties(s: string, at: number): { contact?: NameHit; customer: NameHit } | null {
  const first = readName(s, at);
  if (!first) return null;
  const tail = s.slice(first.end);
  if (/^'s\s/i.test(s.slice(first.end - 2, first.end + 1)) || /^'s\b/.test(tail)) {
    // "Acme's Jane" names a person; "Wonka's procurement team" does not.
    const person = readName(s, first.end + (tail.startsWith("'s") ? 2 : 0), { lower: false });
    if (person) return { contact: person, customer: first };
  }
  const link = LINK.exec(tail);
  if (link) {
    // "Jane with Acme" but not "Hooli with the contract".
    const loose = /^\s*with\b/i.test(link[0]);
    const company = loose && OBJECT_START.test(s.slice(first.end + link[0].length)) ? null : readName(s, first.end + link[0].length, loose ? { lower: false } : {});
    if (company) {
      if (link[0].includes('(') && s[company.end] === ')') company.end += 1;
      return { contact: first, customer: company };
    }
  }
  return { customer: first };
}

/** The follow-up date: a date inside the clause that starts with a follow-up cue. */
function followUp(s: string, dates: DateHit[]): { date: DateHit; cue: Span } | null {
  FOLLOW_CUE.lastIndex = 0;
  for (let m = FOLLOW_CUE.exec(s); m; m = FOLLOW_CUE.exec(s)) {
    const cueEnd = m.index + m[0].length;
    const clauseEnd = s.slice(cueEnd).search(/[;.!?]|,\s*(?!(?:on|by|at|in)\b)/);
    const limit = clauseEnd < 0 ? s.length : cueEnd + clauseEnd;
    const date = dates.find((d) => d.start >= m!.index - 1 && d.start <= limit);
    if (date) return { date, cue: { start: m.index, end: cueEnd } };
  }
  return null;
}

const AFTER_NAME_VERB: ReadonlyArray<readonly [RegExp, ActivityKind]> = [
  [/^\s*(?:[:,-]\s*)?(?:just\s+|finally\s+)?(?:called|phoned|rang|called\s+(?:us|me|in|back))\b/i, 'call'],
  [/^\s*(?:[:,-]\s*)?(?:just\s+)?(?:emailed|e-mailed|wrote|replied|messaged)\b/i, 'email'],
  [/^\s*(?:[:,-]\s*)?(?:just\s+)?(?:stopped\s+by|met|visited|came\s+by|visited\s+us|dropped\s+by)\b/i, 'meeting'],
];
// Words that trail a company name without being part of the summary: "the Contoso team", "Acme account".
const NAME_TRAIL = /^\s+(?:team|folks|people|guys|crew|account|customer|client|office|offices|HQ)\b/i;

/** "Jane at Acme called, wants a quote": the party speaks first. */
function nameFirst(m: Parameters<Rule>[0]): ReturnType<Rule> {
  const s = m.text;
  const parties = readParties(s, 0);
  if (!parties || (parties.contact ?? parties.customer).start > 1) return null;
  const end = Math.max(parties.customer.end, parties.contact?.end ?? 0);
  for (const [re, kind] of AFTER_NAME_VERB) {
    const v = re.exec(s.slice(end));
    if (!v) continue;
    const dates = findDates(s, m.time);
    const fu = followUp(s, dates);
    const summary = tidy(removeSpans(s, [{ start: 0, end: end + v[0].length }, ...dates, fu?.cue ?? null]));
    return candidate('log_activity', {
      kind, customer: parties.customer.value, contact: parties.contact?.value, summary: summary ?? undefined, follow_up: fu?.date.value,
    });
  }
  return null;
}

export const activityRule: Rule = (m) => {
  const s = m.text;
  let kind: ActivityKind | null = null;
  let headEnd = -1;
  for (const [re, k] of HEADS) {
    const h = re.exec(s);
    if (!h) continue;
    kind = k ?? kindOf(h[1] ?? '');
    headEnd = h[0].length;
    // "meeting room is booked": a bare noun head needs a party cue after it.
    if (/^(?:meeting|demo|lunch|coffee|dinner)$/i.test(h[0].trim()) && /^\s+\p{Ll}/u.test(s.slice(headEnd)) && !/^\s+(?:with|w|at|for|on|about|re|notes?|recap|summary|today|yesterday)\b/i.test(s.slice(headEnd))) return null;
    if (/^(?:\S+\s+)*(?:followed|checked|touched|reached|circled|caught)\s/i.test(h[0] + ' ')) {
      const ch = CHANNEL.find(([re]) => re.test(s));
      if (ch) kind = ch[1];
      else if (/reached/i.test(h[0])) kind = 'email';
    }
    break;
  }
  if (!kind) return nameFirst(m);
  const quoted = quotedArgs(s).filter((q) => q.start >= headEnd);
  let parties: { contact?: NameHit; customer: NameHit } | null = null;
  const prep = PREP.exec(s.slice(headEnd));
  const at = headEnd + (prep ? prep[0].length : 0);
  let objectFirst: Span | null = null;
  if (quoted.length && quoted[0]!.start <= at + 1) parties = { customer: { ...quoted[0]!, value: quoted[0]!.value } };
  else if (!prep?.[0].trim() && OBJECT_START.test(s.slice(at))) {
    // "emailed the proposal to Tailspin Toys": the object comes first, the party after "to".
    const to = RECIPIENT.exec(s.slice(at));
    const later = to ? readParties(s, at + to.index + to[0].length) : null;
    if (later) {
      parties = later;
      objectFirst = { start: at + to!.index, end: Math.max(later.customer.end, later.contact?.end ?? 0) };
    }
  }
  if (!parties) parties = readParties(s, at);
  // "log a quick call today with Acme": the party may come after other words.
  if (!parties) {
    const later = nameAfter(s.slice(headEnd), /\b(?:with|w|for|to|at|from)\s+/i, { lower: false });
    if (later) parties = { customer: { ...later, start: later.start + headEnd, end: later.end + headEnd } };
  }
  if (!parties) return null;
  const dates = findDates(s, m.time);
  const fu = followUp(s, dates);
  let partyEnd = objectFirst ? headEnd : Math.max(parties.customer.end, parties.contact?.end ?? 0);
  const trail = NAME_TRAIL.exec(s.slice(partyEnd));
  if (trail) partyEnd += trail[0].length;
  const cut: Array<Span | null> = [{ start: 0, end: partyEnd }, objectFirst, ...dates, fu?.cue ?? null];
  if (parties.contact && parties.contact.start > parties.customer.end) cut.push(parties.customer);
  const summary = tidy(removeSpans(s, cut).replace(/^\s*\)/, ''));
  // "rang Globex, spoke to Tom, …": the person named later is the contact.
  let contact = parties.contact?.value;
  if (!contact) {
    const spoke = nameAfter(s.slice(partyEnd), /\b(?:spoke|talked|chatted|met)\s+(?:to|with)\s+/i, { lower: false, maxWords: 2 });
    if (spoke && spoke.value.toLowerCase() !== parties.customer.value.toLowerCase()) contact = spoke.value;
  }
  return candidate('log_activity', {
    kind,
    customer: parties.customer.value,
    contact,
    summary: summary ?? undefined,
    follow_up: fu?.date.value,
  });
};
