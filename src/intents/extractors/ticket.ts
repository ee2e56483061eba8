/** Ticket numbers, priorities and statuses. */
import type { TicketPriority, TicketStatus } from '../catalog.js';

export interface Hit<T> {
  value: T;
  start: number;
  end: number;
}

const MAX_ID = 2_147_483_647;

function id(n: string): number | null {
  const v = Number(n);
  return Number.isInteger(v) && v > 0 && v <= MAX_ID ? v : null;
}

const REFERENCE = /(?:\b(?:ticket|case|issue|bug|incident|request)s?\s*(?:no\.?|number|num|nr\.?)?\s*#?\s*|#\s*)(\d{1,10})\b/gi;

/** "#21", "ticket 21", "ticket #21", "case no. 21". */
export function findTicketRef(s: string): Hit<number> | null {
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(s); m; m = REFERENCE.exec(s)) {
    const v = id(m[1]!);
    if (v) return { value: v, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/** A bare number that can only be a ticket id ("assign 33 to me"): not money, time, count or date. */
export function findBareNumber(s: string): Hit<number> | null {
  const re = /(?<![\w$€£.,:/-])(\d{1,10})(?![\w%.,:/-]|\s*(?:am|pm|days?|weeks?|months?|hours?|minutes?|x|seats?|users?|licen)\b)/gi;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const v = id(m[1]!);
    if (v) return { value: v, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

const TICKET_VERB =
  '(?:close|resolve|solve|fix|reopen|re-open|mark|set|put|move|escalate|bump|raise|lower|downgrade|assign|reassign|unassign|give|hand|pass|route|transfer|take|grab|prioriti[sz]e|update|change)';
const VERB_THEN_NUMBER = new RegExp(`\\b${TICKET_VERB}(?:\\s+(?:out|up|off|back))?\\s+(?=\\d)`, 'gi');

/**
 * A bare number directly after a ticket verb ("close 5", "assign 33 to me", "mark 21 as done"):
 * limits, amounts, quantities and dates elsewhere in a message are never ticket numbers.
 */
export function findVerbNumber(s: string): Hit<number> | null {
  VERB_THEN_NUMBER.lastIndex = 0;
  for (let m = VERB_THEN_NUMBER.exec(s); m; m = VERB_THEN_NUMBER.exec(s)) {
    const at = m.index + m[0].length;
    const n = findBareNumber(s.slice(at));
    if (n && n.start === 0) return { value: n.value, start: at, end: at + n.end };
  }
  return null;
}

// Explicit codes ("P3", "sev1") outrank adjectives ("minor typo") wherever they appear.
const PRIORITY_CODES: ReadonlyArray<readonly [RegExp, TicketPriority]> = [
  [/\b(?:p[01]|sev(?:erity)?\s?-?[01])\b/gi, 'urgent'],
  [/\b(?:p2|sev(?:erity)?\s?-?2)\b/gi, 'high'],
  [/\b(?:p3|sev(?:erity)?\s?-?3)\b/gi, 'normal'],
  [/\b(?:p4|sev(?:erity)?\s?-?4)\b/gi, 'low'],
];
const PRIORITY_WORDS: ReadonlyArray<readonly [RegExp, TicketPriority]> = [
  [/\b(?:p0|p1|sev\s?-?[01]|severity\s?[01]|urgent(?:ly)?|asap|critical|blocker|blocking|emergency|top\s+priority|highest\s+priority|immediately|right\s+away)\b/gi, 'urgent'],
  [/\b(?:p2|sev\s?-?2|severity\s?2|high(?:est)?|important)\b/gi, 'high'],
  [/\b(?:p4|sev\s?-?4|severity\s?4|low(?:est)?|minor|trivial|whenever|no\s+rush)\b/gi, 'low'],
  [/\b(?:p3|sev\s?-?3|severity\s?3|normal|medium|moderate|regular|standard)\b/gi, 'normal'],
];

// Bare "high"/"low"/"normal" are only priorities next to a priority word or at a command edge.
const WEAK = /^(?:high(?:est)?|low(?:est)?|normal|medium|moderate|regular|standard|important|minor|trivial)$/i;

/** A stated priority with its span (including a following/preceding "priority"), or null. */
export function findPriority(s: string): Hit<TicketPriority> | null {
  for (const [re, value] of [...PRIORITY_CODES, ...PRIORITY_WORDS]) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      let start = m.index;
      let end = m.index + m[0].length;
      const after = /^[\s-]*(?:priority|prio|pri|severity)\b/i.exec(s.slice(end));
      const before = /\b(?:priority|prio|severity)\s*(?:is|to|=|:|of|as)?\s*$/i.exec(s.slice(0, start));
      if (after) end += after[0].length;
      if (before) start = before.index;
      if (WEAK.test(m[0]) && !after && !before) {
        const edge = /(?:^|["(),;:]\s*|\bas\s+)$/.test(s.slice(0, m.index)) || /^\s*(?:$|["(),;:.]|ticket|issue|bug)/i.test(s.slice(m.index + m[0].length));
        if (!edge) continue;
      }
      return { value, start, end };
    }
  }
  return null;
}

const STATUS_WORDS: ReadonlyArray<readonly [RegExp, TicketStatus]> = [
  [/\b(?:re-?open(?:ed)?|open(?:ed)?|unresolved|active|outstanding)\b/gi, 'open'],
  [/\b(?:pending|on\s+hold|hold|waiting(?:\s+on\s+(?:the\s+)?customer)?|awaiting(?:\s+\w+)?|stalled|blocked)\b/gi, 'pending'],
  [/\b(?:resolve[ds]?|solved?|fixed|fix)\b/gi, 'resolved'],
  [/\b(?:close[ds]?|closing|done|complete[ds]?|finished|shut)\b/gi, 'closed'],
];

/** The first status word in `s` with its span, or null. */
export function findStatus(s: string): Hit<TicketStatus> | null {
  let best: Hit<TicketStatus> | null = null;
  for (const [re, value] of STATUS_WORDS) {
    re.lastIndex = 0;
    const m = re.exec(s);
    if (m && (!best || m.index < best.start)) best = { value, start: m.index, end: m.index + m[0].length };
  }
  return best;
}
