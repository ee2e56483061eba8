import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import { invalid } from '../app/errors.js';

/**
 * Shared normalisers for everything people type into chat. Each returns the stored form or
 * throws AppError('invalid') with a message that tells the user what would work instead.
 */

// C0/C1 control characters except tab and newline; they break chat rendering and logs. Lone
// surrogates too (half an emoji cut off by a client): pg would store them as U+FFFD, and Slack
// refuses a view or message carrying one.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u2028\u2029\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Character count as Postgres `length()` sees it (code points, so an emoji is one). */
export const charLength = (value: string): number => [...value].length;

const quote = (value: string): string => {
  const shown = charLength(value) > 40 ? `${[...value].slice(0, 40).join('')}…` : value;
  return `"${shown}"`;
};

/** Search text: control characters (a NUL would make Postgres refuse the query) and extra spaces gone. */
export const cleanQuery = (value: string): string => value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();

/** One-line names: control characters removed, whitespace collapsed, 1..max characters. */
export function cleanName(value: string, what = 'name', max = 200): string {
  const cleaned = value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (!cleaned) throw invalid(`The ${what} can't be empty.`);
  if (charLength(cleaned) > max) throw invalid(`That ${what} is too long (${charLength(cleaned)} characters; ${max} at most).`);
  return cleaned;
}

/** Free text (summaries, reminder text): keeps line breaks, drops other control characters. */
export function cleanText(value: string, what: string, limits: { min?: number; max: number }): string {
  const cleaned = value.replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
  const length = charLength(cleaned);
  if (length < (limits.min ?? 0)) throw invalid(`The ${what} can't be empty.`);
  if (length > limits.max) {
    throw invalid(`That ${what} is too long: ${length.toLocaleString('en-US')} characters, and I keep ${limits.max.toLocaleString('en-US')} at most. Could you shorten it?`);
  }
  return cleaned;
}

/** Optional free text: empty or whitespace-only becomes null. */
export function cleanOptionalText(value: string | null | undefined, what: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanText(value, what, { max });
  return cleaned === '' ? null : cleaned;
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value.trim().toLowerCase().replace(/^mailto:/, ''));
}

/** Lower-cased, trimmed, `mailto:` and angle brackets removed. */
export function normaliseEmail(value: string): string {
  const email = value.trim().replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    throw invalid(`${quote(value)} doesn't look like an email address — try something like jane@acme.com.`);
  }
  return email;
}

/** E.164 ("+12065550142"); numbers without a leading + are read in `defaultRegion`. */
export function normalisePhone(value: string, defaultRegion: CountryCode = 'US'): string {
  const text = value.trim().replace(/^tel:/i, '');
  const parsed = /\d/.test(text) ? parsePhoneNumberFromString(text, defaultRegion) : undefined;
  if (!parsed || !parsed.isValid()) {
    throw invalid(`${quote(value)} is not a phone number I can read — try +1 206 555 0142.`);
  }
  return parsed.number;
}

/** Like normalisePhone but returns undefined instead of throwing (for search queries). */
export function tryNormalisePhone(value: string, defaultRegion: CountryCode = 'US'): string | undefined {
  try {
    return normalisePhone(value, defaultRegion);
  } catch {
    return undefined;
  }
}

const HOSTNAME = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "https://www.Initech.com/about" → "initech.com"; "jane@initech.com" → "initech.com". */
export function normaliseDomain(value: string): string {
  let text = value.trim().toLowerCase();
  if (text.includes('@') && !text.includes('/')) text = text.slice(text.lastIndexOf('@') + 1);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^[^@/]*@/, '');
  text = text.split(/[/?#]/)[0]!.replace(/:\d+$/, '').replace(/\.$/, '').replace(/^www\./, '');
  if (!HOSTNAME.test(text)) {
    throw invalid(`${quote(value)} doesn't look like a website or domain — try acme.com.`);
  }
  return text;
}

export function tryNormaliseDomain(value: string): string | undefined {
  try {
    return normaliseDomain(value);
  } catch {
    return undefined;
  }
}

// A person's mailbox at these providers says nothing about which company they belong to.
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'web.de',
  'mail.com', 'yandex.ru', 'yandex.com', 'qq.com', '163.com', 'zoho.com', 'fastmail.com', 'hey.com',
]);

export const isFreeMailDomain = (domain: string): boolean => FREE_MAIL.has(domain.toLowerCase());

/** The company domain an email address implies, or undefined for free-mail providers. */
export function companyDomainFromEmail(email: string): string | undefined {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain && !isFreeMailDomain(domain) ? domain : undefined;
}

/** Validates an IANA zone name ("America/New_York"); returns luxon's canonical spelling. */
export function normaliseTimeZone(value: string): string {
  const zone = value.trim();
  const probe = DateTime.now().setZone(zone);
  if (!zone || !probe.isValid) {
    throw invalid(`${quote(value)} is not a time zone I know — use a name like America/New_York or Europe/Berlin.`);
  }
  return zone === 'utc' || zone === 'Etc/UTC' ? 'UTC' : zone;
}

/** Escapes LIKE/ILIKE wildcards so user text matches literally (use with the default `\` escape). */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

// Legal-form suffixes; kept in sync with COMPANY_SUFFIX_PG. A space (or comma) before the suffix
// is required so that "Costco" or "Deco" keep their endings.
const SUFFIXES = 'inc|incorporated|corp|corporation|co|company|ltd|limited|llc|llp|plc|gmbh|ag|sa|sarl|bv|nv|pty|oy|ab|srl|spa';
const COMPANY_SUFFIX = new RegExp(`(\\s*,?\\s+(${SUFFIXES})\\.?)+$`, 'u');
/** The same pattern for Postgres `regexp_replace` (ARE syntax). */
export const COMPANY_SUFFIX_PG = `([[:space:]]*,?[[:space:]]+(${SUFFIXES})\\.?)+$`;

/** Lower-cased, suffix-free, punctuation-light form used only for comparing names. */
export function comparableName(name: string): string {
  const lower = name.toLowerCase().replace(/\s+/g, ' ').trim();
  const stripped = lower.replace(COMPANY_SUFFIX, '').trim();
  return stripped || lower;
}
