/**
 * create_customer ("add customer Tailspin Toys", "new contact: Ann Beebe at Contoso, ann@…, 206-…",
 * "add Jane Doe from Acme as a contact") and lookup_customer ("who is Acme?", "look up jane@x.com",
 * "show me the Adventure Works account", "what do we have on Litware?").
 */
import { candidate, type Rule } from '../message.js';
import { findEmail, findPhone } from '../extractors/contact.js';
import { readName, EMAIL } from '../extractors/names.js';
import { blankSpans, tidy } from '../extractors/text.js';

const KIND = '(?:customer|client|account|company|contact|person|lead|prospect|org|organi[sz]ation|business)';
const CREATE_HEAD = new RegExp(
  `^(?:(?:add|create|register|onboard|enter|save|set\\s+up|sign\\s+up|make|insert|put\\s+in)\\s+(?:a\\s+|an\\s+)?(?:new\\s+)?|new\\s+)${KIND}\\b\\s*(?:(?:record|entry|profile|card)\\s+)?(?:(?:called|named|record|for)\\b)?\\s*[:-]?\\s*`,
  'i',
);
const ADD_AS = new RegExp(`^(?:add|create|register|save|onboard)\\s+`, 'i');
const AS_KIND = new RegExp(`^\\s*(?:\\([^)]*\\)\\s*)?(?:(?:at|from|of|with|to)\\s+\\S.*?\\s+)?(?:as\\s+(?:a\\s+|an\\s+)?(?:new\\s+)?${KIND}|to\\s+(?:the\\s+)?(?:crm|contacts|customers|clients|accounts))\\b`, 'i');
const COMPANY_LINK = /^\s*(?:,\s*)?(?:at|from|of|with|to|@|works\s+(?:at|for)|\()\s*/i;

function createFrom(s: string, at: number, person = false): ReturnType<Rule> {
  const email = findEmail(s);
  const phone = findPhone(blankSpans(s, [email]));
  const work = blankSpans(s, [email, phone]);
  // A record's name is whole: "add customer Ben's Bikes".
  const named = readName(work, at, { joinPossessive: true });
  // "add contact: bob@initech.com": the address is all there is to go by.
  const name = named ?? (email && email.start >= at && !tidy(work.slice(at)) ? { value: email.value, start: email.start, end: email.end } : null);
  if (!name) return null;
  let company: string | undefined;
  const link = COMPANY_LINK.exec(work.slice(name.end));
  if (link && !/^(?:the\s+)?(?:crm|system|contacts|customers|clients|accounts|database|list)\b/i.test(work.slice(name.end + link[0].length))) company = readName(work, name.end + link[0].length)?.value;
  // "new contact: Lisa Wong, Initech, lisa@…": for a person, the next comma field names the company.
  else if (person && /^\s*,\s*/.test(work.slice(name.end))) {
    const field = /^\s*,\s*/.exec(work.slice(name.end))!;
    const co = readName(work, name.end + field[0].length, { lower: false });
    if (co && /^\s*(?:,|$)/.test(work.slice(co.end))) company = co.value;
  }
  const value = name.value === email?.value ? name.value : name.value.replace(new RegExp(EMAIL.source, 'u'), '').trim();
  if (!value) return null;
  return candidate('create_customer', { name: value, email: email?.value, phone: phone?.value, company });
}

export const createCustomerRule: Rule = (m) => {
  const s = m.text;
  const head = CREATE_HEAD.exec(s);
  if (head) return createFrom(s, head[0].length, /(?:contact|person|lead|prospect)\b/i.test(head[0]));
  const add = ADD_AS.exec(s);
  if (add) {
    const name = readName(s, add[0].length);
    // "add Jordan Lee from Litware, jordan@litware.com": contact details make it a new record.
    if (name && (AS_KIND.test(s.slice(name.end)) || (COMPANY_LINK.test(s.slice(name.end)) && (findEmail(s) || findPhone(s))))) return createFrom(s, add[0].length);
    // "add Acme Corp": a capitalised name and nothing else.
    const whole = readName(s, add[0].length, { lower: false, joinPossessive: true });
    if (whole && /^[\s.!]*$/.test(s.slice(whole.end)) && !/^(?:note|notes|ticket|deal|reminder|order|call|meeting|email|task|contact|customer)$/i.test(whole.value)) return candidate('create_customer', { name: whole.value }, 'low');
  }
  return null;
};

// Cues before the thing to look up; `strong` cues accept lower-case queries.
const LOOKUP_CUES: ReadonlyArray<readonly [RegExp, boolean]> = [
  [/^(?:who|what)\s+(?:is|are|was)\s+/i, false],
  [/^who\s+(?:is|are)\s+/i, true],
  [/^who\s+(?:owns|manages|handles|covers|looks\s+after|runs)\s+/i, false],
  // "where are we with Globex", "how's the Initech deal going": the account's state.
  [/^(?:where\s+are\s+we\s+(?:with|on|at)|where\s+do\s+we\s+stand\s+(?:with|on)|what's\s+(?:happening|going\s+on)\s+with|status\s+(?:of|on)|how(?:'s|\s+is)|any\s+news\s+(?:on|from|about))\s+(?=(?:the\s+)?\p{Lu})/u, false],
  [/^(?:look\s*up|lookup|look\s+for|find|search(?:\s+for)?|pull\s+up|bring\s+up|open\s+up)\s+(?:me\s+)?/i, true],
  [/^(?:(?:any|some|got\s+any|got)\s+(?:info(?:rmation)?|details|background|notes|intel)|tell\s+me|what\s+do\s+(?:we|you|i)\s+know|what\s+do\s+(?:we|you|i)\s+have|anything|info|information|details|background|everything|what's\s+(?:the\s+)?(?:latest|story|status|deal))\s+(?:on\s+file\s+(?:for|on|about)|on|about|for|with|re)\s+/i, true],
  [/^(?:what(?:'s|\s+is)|who(?:'s|\s+is)|get|find|give\s+me)\s+(?=(?:the\s+)?\S+(?:\s+\S+){0,3}?'s?\s+(?:phone|email|e-mail|address|number|website|contact|main\s+contact|owner|account\s+manager|details|info))/i, false],
  // "what's the email for Fabrikam", "get me the phone number of Acme".
  [/^(?:what(?:'s|\s+is|\s+are)|get|find|give\s+me|need|i\s+need)\s+(?:me\s+)?(?:the\s+|their\s+)?(?:phone(?:\s+number)?|number|email(?:\s+address)?|e-mail|address|website|main\s+contact|contact(?:\s+(?:info|details))?|owner|account\s+manager|billing\s+contact)\s+(?:for|of|at|on)\s+/i, false],
  [/^(?:do|does)\s+(?:we|you|i)\s+(?:have|know)\s+(?:anything|something|any\s+info(?:rmation)?|info|much|details)\s+(?:on|about|for|re)\s+/i, true],
  [/^(?:do|does)\s+(?:we|you|i)\s+(?:have|know)\s+(?:a|an|any)\s+(?:customer|client|account|company|contact|person)\s+(?:called|named)\s+/i, true],
  [/^(?:give|get|show|display|view|open|check)(?:\s+me)?\s+(?:the\s+)?(?:(?:info|information|details|profile|record|file|summary|overview|everything|anything|all)\s+(?:(?:we\s+have|you\s+have)\s+)?(?:on|about|for|of)\s+)?/i, false],
  [/^(?:give\s+me|get|show(?:\s+me)?|display|view|open|check)\s+(?:the\s+)?(?:(?:info|information|details|profile|record|file|summary|overview|everything|anything|all)\s+(?:(?:we\s+have|you\s+have)\s+)?(?:on|about|for|of)\s+)?/i, false],
  [/^(?:customer|client|account|company|contact)\s*:?\s+(?:(?:info|information|details|profile|record|file|summary)\s+(?:on|about|for|of)\s+)?/i, true],
];
const ENTITY_WORD = /\s+(?:(?:deal|opportunity|relationship|renewal)(?:\s+(?:going|doing|looking))?|account|customer|client|profile|record|details|info|page|company|contact|file|summary)\b\s*\??\s*$/i;
const NOT_QUERY = /\b(?:weather|time|news|joke|song|movie|game|score|meaning|you|your|yourself|it|this|that|up|going\s+on|new|everything|everyone|all|tickets?|deals?|reminders?|revenue|pipeline|segments?|report|orders?)\b/i;

const VAGUE = /\b(?:something|anything|stuff|things?|more|around|how|what|options|menu|examples?|day|week|month|calendar|agenda|schedule|inbox|queue|money|numbers|data|results|dashboard|home|settings|profile|stats|statistics|metrics|kpis?|overview|summary|activit(?:y|ies)|leads|contacts|customers|clients|accounts|notes|help|commands)\b/i;

export const lookupRule: Rule = (m) => {
  const s = m.text.replace(/[?!.\s]+$/, '');
  // A bare name with a question mark ("Litware?") is most likely a lookup, but only a guess.
  if (/\?\s*$/.test(m.text)) {
    const bare = readName(s, 0, { lower: false });
    if (bare && bare.end >= s.length && bare.value.split(' ').length <= 5) return candidate('lookup_customer', { query: bare.value }, 'low');
  }
  for (const [cue, strong] of LOOKUP_CUES) {
    const c = cue.exec(s);
    if (!c) continue;
    let rest = s.slice(c[0].length).replace(/^(?:the|our|customer|client|account|company|contact)\s+/i, '');
    const hadEntityWord = ENTITY_WORD.test(rest);
    rest = rest.replace(ENTITY_WORD, '');
    const at = /\b(?:at|from|for|of)\s+(?=\S)/i.exec(rest);
    if (at && /^(?:(?:main\s+|primary\s+|our\s+|the\s+|billing\s+)?(?:ceo|cfo|cto|coo|cmo|vp|founder|president|head|director|boss|manager|decision[\s-]+maker|champion|buyer|contact|account\s+(?:manager|owner|exec(?:utive)?)|owner|rep|sales\s+rep|csm|am)|(?:the\s+)?person|someone|anyone)\b/i.test(rest)) rest = rest.slice(at.index + at[0].length);
    // "Acme's phone number" → Acme.
    rest = rest.replace(/'s?\s+(?:phone|email|e-mail|address|number|website|contact|main\s+contact|owner|account\s+manager|details|info)\b.*$/i, '');
    const query = tidy(rest, 200);
    if (query && /^[\d\s#]+$/.test(query)) return null;
    if (!query || query.split(/\s+/).length > 6) continue;
    const named = /\p{Lu}/u.test(query) || EMAIL.test(query) || /^["']/.test(rest.trim());
    // "show me globex": a short lower-case name after a show verb is a guess.
    if (!named && !(strong || hadEntityWord)) {
      if (/^(?:show|pull)/i.test(c[0]) && !/^\s*the\s/i.test(s.slice(c[0].length)) && query.split(/\s+/).length <= 3 && !NOT_QUERY.test(query) && !/\d/.test(query) && readName(query, 0)?.value === query && !VAGUE.test(query)) return candidate('lookup_customer', { query }, 'low');
      continue;
    }
    if (!named && NOT_QUERY.test(query)) continue;
    if (named && /^(?:you|it|this|that|the\s+weather|the\s+time)$/i.test(query)) continue;
    return candidate('lookup_customer', { query }, named || hadEntityWord ? 'high' : 'low');
  }
  return null;
};
