/**
 * create_reminder ("remind me to call Contoso tomorrow", "/crm remind in 3 days check X",
 * "set a reminder for Friday 3pm: send deck") and list_reminders ("my reminders", "what's due today?").
 */
import { findDates } from '../dates.js';
import { candidate, type Rule } from '../message.js';
import { nameAfter, nameBefore } from '../extractors/names.js';
import { removeSpans, tidy } from '../extractors/text.js';

const CREATE_HEAD =
  /(?:^|\b)(?:remind\s+(?:me|us|myself)\b|remind\b(?!ers)|(?:set|add|create|make|schedule|put\s+in|need|want)\s+(?:up\s+)?(?:a\s+|an\s+|me\s+a\s+)?(?:new\s+)?reminder\b(?:\s+for\s+me\b)?|^new\s+reminder\b|^reminder\b(?!s)|^remember\s+to\b|^don'?t\s+let\s+me\s+forget\b|^note\s+to\s+self\b|^(?:ping|nudge|alert)\s+me\b)\s*:?/i;

const LIST =
  /^(?:(?:show|list|get|see|view|display|check|what\s+are|what're|any|give\s+me|read)\s+)?(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:my|our|the|all|upcoming|open|pending|today'?s|todays)?\s*(?:upcoming\s+|open\s+|pending\s+|active\s+)?(?:reminders|to-?dos?|to\s+do\s+list|todo\s+list|tasks|follow\s+ups)\b/i;
const DUE =
  /^(?:what(?:'s|\s+is|\s+are|'re)?|anything|is\s+anything|do\s+i\s+have\s+anything|whats)\s+(?:else\s+)?(?:due|on\s+my\s+(?:plate|list|agenda|schedule|radar)|coming\s+up|pending\s+for\s+me|left\s+for\s+me)\b|^what\s+do\s+i\s+(?:have|need)\s+to\s+do\b|^what\s+do\s+i\s+have\s+(?:today|tomorrow|this\s+week|due|coming\s+up|on)\b|^(?:due|overdue)\s+(?:today|tomorrow|this\s+week|items)\b|^what\s+should\s+i\s+(?:do|work\s+on)\b|^what(?:'s|\s+is)\s+on\s+(?:for\s+)?(?:today|tomorrow|this\s+week)\b/i;

const CUSTOMER_CUE =
  /\b(?:call|email|ping|phone|ring|visit|contact|meet(?:\s+with)?|follow\s+up\s+with|check\s+(?:in\s+)?with|touch\s+base\s+with|send\s+(?:\S+\s+){0,4}?to|send|invoice|chase|renew|for|with|to|from|at)\s+/i;
const OBJECT_NOUN = /(?:'s)?\s+(?:contract|invoice|deal|renewal|order|account|quote|proposal|ticket|payment|subscription|demo|meeting|call)\b/i;

function reminderCustomer(text: string): string | undefined {
  const after = nameAfter(text, CUSTOMER_CUE, { lower: false });
  if (after) return after.value;
  const noun = OBJECT_NOUN.exec(text);
  if (noun) return nameBefore(text, noun.index, { lower: false })?.value;
  return undefined;
}

// "call Acme tomorrow", "I need to follow up with Globex next friday": a dated to-do is a reminder.
const TODO =
  /^(?:(?:i|we)\s+)?(?:(?:need|have|got|ought)\s+to\s+|gotta\s+|must\s+|should\s+|(?:i'?ll|we'?ll|i\s+will|we\s+will)\s+)?(?=(?:call|ring|phone|ping|email|e-mail|text|chase|invoice|visit|follow\s+up|catch\s+up|check\s+in|touch\s+base|send|meet|(?:set\s+up|schedule|book|arrange|plan)\s+(?:a\s+|an\s+)?(?:\w+\s+)?(?:call|meeting|demo|lunch|visit))\b)(?!\S+\s+(?:me|us)\b)/i;

function todo(m: Parameters<Rule>[0]): ReturnType<Rule> {
  const t = TODO.exec(m.text);
  if (!t) return null;
  const rest = m.text.slice(t[0].length);
  // "call with Acme …, follow up Friday" logs a call; "call of duty tonight?" and "book a meeting room" are not to-dos.
  if (/^(?:call|email|e-mail|text|meet|ring|phone)\s+(?:with|w|of|about|re|from)\b/i.test(rest) || /\?\s*$/.test(m.text)) return null;
  if (/\b(?:follow\s+up|circle\s+back)\b/i.test(rest.replace(/^\s*follow\s+up\b/i, '')) || /\b(?:room|rooms|space|desk)\b/i.test(rest)) return null;
  const due = findDates(rest, m.time)[0];
  // Only a day from today on: "called Acme yesterday" is a log, not a to-do.
  if (!due || due.value.slice(0, 10) < m.time.today.toISODate()!) return null;
  const text = tidy(removeSpans(rest, [due]));
  if (!text || text.split(/\s+/).length < 2) return null;
  return candidate('create_reminder', { text, due: due.value, customer: reminderCustomer(text) }, 'low');
}

export const createReminderRule: Rule = (m) => {
  const s = m.text;
  const head = CREATE_HEAD.exec(s);
  if (!head) return todo(m);
  // Text before the head may hold the date ("tomorrow, remind me to …"), so both sides count.
  const rest = `${s.slice(0, head.index)} ${s.slice(head.index + head[0].length)}`;
  const dates = findDates(rest, m.time);
  const due = dates[0];
  if (!due) return null;
  const textRaw = removeSpans(rest, [due]).replace(/^\s*(?:to|about|that|of|for|:)\s+/i, ' ');
  const text = tidy(textRaw.replace(/^\s*(?:to|about|that|of|:)\s+/i, ''));
  if (!text) return null;
  return candidate('create_reminder', { text, due: due.value, customer: reminderCustomer(text) });
};

export const listRemindersRule: Rule = (m) => {
  if (LIST.test(m.text) || DUE.test(m.text) || /\b(?:reminders|to-?dos|todo\s+list|to\s+do\s+list)\b/i.test(m.text)) return candidate('list_reminders', {});
  return null;
};
