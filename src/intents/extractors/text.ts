/** Helpers to cut recognised pieces out of a message and tidy what remains (summaries, subjects). */
import { stripInvisible } from '../normalise.js';

export interface Span {
  start: number;
  end: number;
}

/** `s` with the given spans blanked out. */
export function removeSpans(s: string, spans: ReadonlyArray<Span | null | undefined>): string {
  const list = spans.filter((x): x is Span => !!x && x.end > x.start).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const sp of list) {
    if (sp.start > at) out += s.slice(at, sp.start);
    out += ' ';
    at = Math.max(at, sp.end);
  }
  return out + s.slice(at);
}

const EDGE = 'and|also|then|but|about|on|to|that|with|for|re|regarding|so';
const EDGE_WORDS = new RegExp(
  `^(?:(?:(?:${EDGE})\\b|[-—:;,.|&])\\s*)+|(?:(?:^|\\s)(?:${EDGE}|at|by|the|of|(?<!\\b(?:log|logged|sign|signed|check|checked|opt|plug|log\\s+me|sign\\s+me)\\s)in)|\\s*[-—:;,|&])+\\s*$`,
  'i',
);

/** Trims separators, dangling connector words and wrapping quotes; null when nothing is left. */
export function tidy(s: string, max = 4000): string | null {
  let t = stripInvisible(s).replace(/\s+/g, ' ').trim();
  for (let k = 0; k < 4; k++) {
    const before = t;
    t = t.replace(/^[\s,;:.\-–—|!?()]+|[\s,;:\-–—|(]+$/g, '').replace(EDGE_WORDS, '').trim();
    if (/^"[^"]*"$/.test(t) || /^'[^']*'$/.test(t)) t = t.slice(1, -1).trim();
    if (t === before) break;
  }
  t = t.replace(/\s+([,.;:!?])/g, '$1').replace(/\(\s*\)/g, '').replace(/\s+/g, ' ').trim();
  t = t.replace(/[.!?]+$/, '').trim();
  if (!t || !/[\p{L}\p{N}]/u.test(t)) return null;
  return t.length > max ? t.slice(0, max).trim() : t;
}

/** Removes surrounding quotes from a name. */
export function unquote(s: string): string {
  const t = s.trim();
  return /^(["']).*\1$/.test(t) && t.length >= 2 ? t.slice(1, -1).trim() : t;
}

/** Every "quoted argument" with its span, in order (for /crm style commands). */
export function quotedArgs(s: string): Array<Span & { value: string }> {
  const out: Array<Span & { value: string }> = [];
  const re = /"([^"]+)"/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const value = m[1]!.trim();
    if (value) out.push({ value, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** `s` with the spans replaced by spaces of the same length, so other indices stay valid. */
export function blankSpans(s: string, spans: ReadonlyArray<Span | null | undefined>): string {
  let out = s;
  for (const sp of spans) {
    if (!sp || sp.end <= sp.start) continue;
    const a = Math.max(0, sp.start);
    const b = Math.min(out.length, sp.end);
    out = out.slice(0, a) + ' '.repeat(Math.max(0, b - a)) + out.slice(b);
  }
  return out;
}
