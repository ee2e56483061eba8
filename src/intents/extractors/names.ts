/**
 * Names as the user wrote them: a quoted argument, an email, a run of Capitalised words
 * ("Wide World Importers", "AT&T", "Procter & Gamble") or, in all-lower-case chat, a short run of
 * words up to the next function word ("log call wide world importers no answer").
 */
import { NAME_STOP } from '../lexicon.js';

export interface NameHit {
  value: string;
  start: number;
  end: number;
}

export interface NameOptions {
  /** Accept lower-case words (default true). */
  lower?: boolean;
  /** Maximum number of words (default 6 capitalised, 4 lower-case). */
  maxWords?: number;
  /** The text was cut right after the name, so a final "'s" owns what followed ("Contoso's" of "Contoso's tickets"). */
  cutAfter?: boolean;
  /** A capitalised word after "X's" continues the name ("Ben's Bikes"), as when naming a new record. */
  joinPossessive?: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}&'.\-+_@]*/uy;
const CONNECTORS = new Set(['&', 'and', 'of', 'de', 'du', 'van', 'von', 'der', 'la', 'le', 'y', 'e', 'da', 'del']);
const SUFFIXES = new Set(['inc', 'inc.', 'llc', 'ltd', 'ltd.', 'co', 'co.', 'corp', 'corp.', 'gmbh', 'ag', 'sa', 'plc', 'bv', 'pty', 'limited', 'corporation', 'company', 'group', 'labs']);
const NOT_NAMES = new Set(['i', "i'm", "i'll", 'me', 'my', 'we', 'us', 'you', 'it', 'they', 'them', 'he', 'she', 'him', 'her', 'someone', 'everyone', 'anyone', 'everything', 'all', 'every', 'each', 'this', 'that', 'today', 'tomorrow', 'yesterday']);
export const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
const EMAIL_Y = new RegExp(EMAIL.source, 'uy');

function isCap(w: string): boolean {
  const c = w.charAt(0);
  return (c !== c.toLowerCase() && c === c.toUpperCase()) || (/^\p{N}/u.test(w) && /\p{L}/u.test(w) && !/^\d+(?:[.,]\d+)?(k|m|mm|bn|b|st|nd|rd|th|x|am|pm)$/i.test(w));
}

function wordAt(s: string, i: number): string | null {
  WORD.lastIndex = i;
  const m = WORD.exec(s);
  if (!m) return s[i] === '&' ? '&' : null;
  return m[0];
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && s[i] === ' ') i++;
  return i;
}

function cleanTail(w: string): string {
  // Keep the dot of "Inc."/"Co.", drop sentence dots and possessives.
  let out = w.replace(/'s$/i, '').replace(/'$/, '');
  if (/\.$/.test(out) && !SUFFIXES.has(out.toLowerCase())) out = out.replace(/\.+$/, '');
  return out.replace(/[-+_]+$/, '');
}

/** Reads a name starting at (or after spaces from) `pos`. */
export function readName(s: string, pos: number, opts: NameOptions = {}): NameHit | null {
  let i = skipSpaces(s, pos);
  if (/^the\s/i.test(s.slice(i, i + 4)) && s[i] === 't') i = skipSpaces(s, i + 3);
  if (s[i] === '"' || s[i] === "'") {
    const close = s.indexOf(s[i]!, i + 1);
    if (close > i + 1) {
      const value = s.slice(i + 1, close).trim();
      if (value) return { value, start: i, end: close + 1 };
    }
  }
  EMAIL_Y.lastIndex = i;
  const em = EMAIL_Y.exec(s);
  if (em) return { value: em[0], start: i, end: i + em[0].length };
  const first = wordAt(s, i);
  if (!first || first === '&') return null;
  const firstLow = cleanTail(first).toLowerCase();
  if (NOT_NAMES.has(firstLow)) return null;
  const cap = isCap(first);
  if (!cap && (opts.lower === false || NAME_STOP.has(firstLow) || /^\d/.test(first))) return null;
  if (STOP_EVEN_CAPITALISED.has(firstLow)) return null;
  const max = opts.maxWords ?? (cap ? 6 : 4);
  const parts: string[] = [];
  let keepS = false;
  let end = i;
  let j = i;
  while (parts.length < max) {
    j = skipSpaces(s, j);
    const w = wordAt(s, j);
    if (!w) break;
    const low = cleanTail(w).toLowerCase();
    let accept: boolean;
    if (parts.length === 0) accept = true;
    else if (cap) {
      if (CONNECTORS.has(low)) {
        const next = wordAt(s, skipSpaces(s, j + w.length));
        accept = !!next && isCap(next) && !STOP_EVEN_CAPITALISED.has(next.toLowerCase());
      } else accept = (isCap(w) && !STOP_EVEN_CAPITALISED.has(low)) || SUFFIXES.has(low);
    } else accept = !NAME_STOP.has(low) && !/^\d/.test(w) && !/^\p{Lu}/u.test(w);
    if (!accept) break;
    parts.push(w);
    end = j + w.length;
    j = end;
    // "J.P. Morgan", "St. John's": an abbreviation's dot does not end the name.
    if (ABBREVIATION.test(w) && continuesName(s, end, cap)) continue;
    // A possessive or trailing punctuation ends the name: "Acme's", "Acme,".
    if (/'s$|'$|[.,]$/i.test(w) && !SUFFIXES.has(low + '.')) {
      // "Ben & Jerry's about the invoice", "McDonald's today": an 's nothing is owned by belongs to the name.
      if (/\p{L}'s$/iu.test(w)) {
        // "St. John's Hospital", "Domino's Pizza": an organisation noun continues the name.
        const next = wordAt(s, skipSpaces(s, end));
        if (cap && next && isCap(next) && (opts.joinPossessive || ORG_NOUNS.has(cleanTail(next).toLowerCase()))) continue;
        if (ownsNothing(s, end, opts.cutAfter === true)) keepS = true;
      }
      break;
    }
  }
  if (!parts.length) return null;
  const value = parts
    .map((p, k) => (k === parts.length - 1 ? (keepS ? p : cleanTail(p)) : p))
    .join(' ')
    .replace(/[,;:]+$/, '')
    .trim();
  if (!value || NOT_NAMES.has(value.toLowerCase())) return null;
  return { value, start: i, end };
}

const ABBREVIATION = /^(?:(?:\p{L}\.){1,4}|(?:st|dr|mr|mrs|ms|mt|ft|jr|sr|bros)\.)$/iu;
// Words after "X's" that show nothing is owned ("Ben & Jerry's about the invoice", "McDonald's today"),
// so the 's is part of the name; before anything else ("Acme's deal", "Contoso's open tickets") it is a possessive.
const NAME_GOES_ON = new Set(['about', 're', 'regarding', 'today', 'yesterday', 'tomorrow', 'tonight', 'this', 'last', 'next', 'on', 'at', 'in', 'for', 'to', 'with', 'from', 'and', 'by', 'via', 'is', 'was', 'has', 'had', 'have', 'ordered', 'bought', 'purchased', 'placed', 'wants', 'want', 'needs', 'said', 'says', 'asked', 'called', 'emailed', 'went', 'signed', 'follow', 'worth', 'closing', 'no', 'left', 'again', 'earlier', 'just', 'back', 'but', 'so', 'who', 'that', 'they', 'we', 'i', 'he', 'she']);

const ORG_NOUNS = new Set(['hospital', 'clinic', 'school', 'college', 'university', 'church', 'pizza', 'bakery', 'kitchen', 'cafe', 'café', 'restaurant', 'bar', 'grill', 'garage', 'market', 'store', 'stores', 'shop', 'pharmacy', 'foods', 'farm', 'farms', 'brewery', 'diner', 'deli', 'motors', 'hardware', 'books', 'toys', 'ice', 'health', 'medical', 'dental', 'law', 'auto', 'coffee', 'place', 'club', 'hotel', 'inn', 'home', 'homes']);

function continuesName(s: string, at: number, cap: boolean): boolean {
  const next = wordAt(s, skipSpaces(s, at));
  if (!next || next === '&') return false;
  return cap ? isCap(next) && !STOP_EVEN_CAPITALISED.has(next.toLowerCase()) : !NAME_STOP.has(cleanTail(next).toLowerCase());
}

function ownsNothing(s: string, at: number, cutAfter: boolean): boolean {
  const rest = s.slice(at);
  if (/^\s*(?:[,;:.!?)"(-])/.test(rest)) return true;
  const next = wordAt(s, skipSpaces(s, at));
  if (!next) return !cutAfter;
  return /^\d/.test(next) || NAME_GOES_ON.has(cleanTail(next).toLowerCase());
}

/** Capitalised words that are still not part of a name ("Tomorrow", "About", weekdays). */
const STOP_EVEN_CAPITALISED = new Set([
  'about', 're', 'regarding', 'for', 'to', 'at', 'from', 'with', 'on', 'in', 'by', 'and', 'or', 'the', 'a', 'an', 'i',
  'today', 'tomorrow', 'tonight', 'yesterday', 'next', 'this', 'last', 'monday', 'tuesday', 'wednesday', 'thursday',
  'friday', 'saturday', 'sunday', 'follow', 'please', 'thanks', 'asap', 'urgent', 'priority', 'high', 'low', 'p1',
  'p2', 'p3', 'p4', 'she', 'he', 'they', 'we', 'it', 'is', 'was', 'no', 'yes', 'ticket', 'deal', 'stage', 'worth',
  'closing', 'due', 'note', 'call', 'meeting', 'email', 'when', 'who', 'what', 'if', 'but', 'so',
]);

/** A name right after the first match of `cue` (a regex source ending before the name). */
export function nameAfter(s: string, cue: RegExp, opts: NameOptions = {}): (NameHit & { cueStart: number }) | null {
  const re = new RegExp(cue.source, cue.flags.includes('g') ? cue.flags : cue.flags + 'g');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const hit = readName(s, m.index + m[0].length, opts);
    if (hit) return { ...hit, cueStart: m.index };
    if (m[0].length === 0) re.lastIndex++;
  }
  return null;
}

/** A capitalised/quoted name that ends right before `cue` ("Acme deal", "Contoso ordered"). */
export function nameBefore(s: string, cueIndex: number, opts: NameOptions = {}): NameHit | null {
  const head = s.slice(0, cueIndex).replace(/\s+$/, '');
  if (!head) return null;
  if (head.endsWith('"')) {
    const open = head.lastIndexOf('"', head.length - 2);
    if (open >= 0) return { value: head.slice(open + 1, -1).trim(), start: open, end: head.length };
  }
  // Walk back over words and try the longest suffix of the head that reads as one name.
  const starts: number[] = [];
  const re = /(?:^|\s)(?=\S)/g;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    starts.push(m.index + m[0].length);
    if (m[0].length === 0) re.lastIndex++;
  }
  for (const st of starts.slice(-6)) {
    const hit = readName(head, st, { ...opts, cutAfter: true });
    if (hit && hit.end === head.length) return hit;
  }
  return null;
}
