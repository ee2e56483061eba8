/** Email addresses and phone numbers for create_customer / lookup_customer. */
import { EMAIL } from './names.js';

export interface Found {
  value: string;
  start: number;
  end: number;
}

export function findEmail(s: string): Found | null {
  const m = new RegExp(EMAIL.source, 'u').exec(s);
  return m ? { value: m[0], start: m.index, end: m.index + m[0].length } : null;
}

// 7–15 digits with the usual separators; an optional + and extension.
const PHONE = /(?<![\w@.])(\+?\(?\d[\d\s().-]{5,18}\d)(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w@])/g;

export function findPhone(s: string): Found | null {
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(s); m; m = PHONE.exec(s)) {
    const digits = m[1]!.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    // Dates such as 2026-12-20 are not phone numbers.
    if (/^\d{4}-\d{2}-\d{2}$/.test(m[1]!.trim())) continue;
    const value = m[0].trim();
    return { value: value.slice(0, 40), start: m.index, end: m.index + m[0].length };
  }
  return null;
}
