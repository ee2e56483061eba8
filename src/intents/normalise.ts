/**
 * First stage of the rules parser: turns an arbitrary chat line into a short, clean, single-line
 * string. Everything later relies on this: no control characters, no bidi overrides, bounded length.
 */

/** Work is capped here so a 100 kB line costs the same as a 2 kB one; commands are never that long. */
export const MAX_INPUT = 2000;

// C0/C1 controls, bidi overrides/isolates, zero-width chars, BOM, private-use and lone surrogates.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ue000-\uf8ff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Leading bot mentions / slash command, possibly repeated ("@rapport /crm …").
const LEADING_MENTION = /^(?:\s*(?:<@!?[A-Za-z0-9]+>|<#[A-Za-z0-9]+(?:\|[^>]*)?>|@rapport\b[:,]?|\/crm\b|\/rapport\b|rapport[:,]))+/i;

/** Removes characters that must never reach a slot (controls, bidi, zero-width). */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, ' ');
}

// As INVISIBLE, but keeping newlines and tabs (a ticket description is multi-line) and the
// zero-width joiners that hold emoji sequences and some scripts together.
const UNSAFE_IN_FIELD = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Structured input (modal fields, Discord options) gets the cleaning a typed message gets from
 * `normalise`, minus the reshaping: every string, however deep, loses controls (NUL would make
 * Postgres refuse the whole write), bidi overrides and lone surrogates. Other values pass as is.
 */
export function cleanFields<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n').replace(UNSAFE_IN_FIELD, '') as T;
  if (Array.isArray(value)) return value.map(cleanFields) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanFields(v)])) as T;
  return value;
}

/** Canonical message text: mentions stripped, quotes straightened, whitespace collapsed, capped. */
export function normalise(raw: string): string {
  let s = typeof raw === 'string' ? raw : String(raw ?? '');
  // Cut before any regex work; a little slack so the cut never splits the last useful word badly.
  if (s.length > MAX_INPUT) s = s.slice(0, MAX_INPUT);
  s = s.normalize('NFKC');
  s = stripInvisible(s);
  s = s
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b\u2032`´]/g, "'")
    .replace(/[\u2013\u2014\u2212]/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(LEADING_MENTION, '').trim();
  // Greetings/politeness in front of a command carry no meaning for the intent.
  s = s.replace(/^(?:(?:hey|hi|hello|yo|ok(?:ay)?|so|um+|please|pls|plz|kindly|fyi|btw|fwiw|heads\s+up(?=\s*[:,!-])|(?:quick\s+)?update(?=\s*[:!-]))\b[\s,!.:-]*)+/i, '').trim();
  // "hey rapport, log a call…": a mention after the greeting.
  s = s.replace(LEADING_MENTION, '').replace(/^rapport\b[\s,:]+(?=\S)/i, '').trim();
  s = s.replace(/^(?:can|could|would|will) (?:you|u)(?: please| pls| plz)?\s+/i, '').trim();
  s = s.replace(/^(?:quick (?:one|q|question|thing)\b[\s:,-]*|i (?:need|want|would like|wanna|'d like) (?:you )?to\s+|let'?s\s+|go ahead and\s+|quick(?:ly)?:?\s+)/i, '').trim();
  // "check what's open for X", "tell me how many…": the question itself is the request.
  s = s.replace(/^(?:check|tell me|let me know|find out|show me)\s+(?=(?:what|what's|which|how|who|who's|whether)\b)/i, '').trim();
  s = s.replace(/(?:^|[\s,]+)(?:please|pls|plz|thanks|thank you|thx|ty)[\s.!]*$/i, '').trim();
  return s;
}
