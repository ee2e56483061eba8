/**
 * The scoring rules of /work/shared/eval/score.py, reimplemented so `rapport eval` and the tests
 * judge exactly like the official scorer: names compared without case, punctuation and suffixes
 * (Inc/Corp/Ltd…), a `key~` wants containment, `phone` compares digits, periods compare fields.
 */
export interface LabelledCase {
  text: string;
  intent: string;
  slots: Record<string, unknown>;
  now?: string;
  tz?: string;
}

export interface ParsedOutput {
  intent?: unknown;
  slots?: unknown;
}

const SUFFIX = new Set(['inc', 'llc', 'ltd', 'corp', 'co', 'gmbh', 'corporation', 'company', 'limited', 'the']);

/** Python's str() for the values that occur in cases (numbers print "5" vs "5.0" alike here). */
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function normName(v: unknown): string {
  const words = pyStr(v).toLowerCase().replace(/[^0-9a-z]+/g, ' ').split(' ').filter(Boolean);
  while (words.length && SUFFIX.has(words[words.length - 1]!)) words.pop();
  while (words.length && words[0] === 'the') words.shift();
  return words.join('');
}

function pyFloat(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i.test(v)) return Number(v);
  return null;
}

export function slotOk(key: string, want: unknown, got: Record<string, unknown>): boolean {
  if (key.endsWith('~')) {
    const g = got[key.slice(0, -1)];
    return g !== undefined && g !== null && normName(g).includes(normName(want));
  }
  const g = got[key];
  if (g === undefined || g === null) return false;
  if (key === 'phone') return pyStr(g).replace(/\D/g, '').endsWith(pyStr(want).replace(/\D/g, ''));
  if (want && typeof want === 'object' && !Array.isArray(want)) {
    if (!g || typeof g !== 'object' || Array.isArray(g)) return false;
    return Object.entries(want).every(([k, v]) => pyStr((g as Record<string, unknown>)[k]) === pyStr(v));
  }
  if (typeof want === 'number') {
    const f = pyFloat(g);
    return f !== null && Math.abs(f - want) < 1e-6;
  }
  return normName(want) === normName(g);
}

export interface Miss {
  text: string;
  kind: 'intent' | 'slot';
  detail: string;
}

export interface Score {
  n: number;
  intentOk: number;
  frameOk: number;
  misses: Miss[];
}

export function scoreCases(cases: readonly LabelledCase[], outputs: readonly ParsedOutput[]): Score {
  let intentOk = 0;
  let frameOk = 0;
  const misses: Miss[] = [];
  cases.forEach((c, i) => {
    const out = outputs[i] ?? {};
    const slots = (out.slots && typeof out.slots === 'object' ? out.slots : {}) as Record<string, unknown>;
    if (out.intent !== c.intent) {
      misses.push({ text: c.text, kind: 'intent', detail: `INTENT ${c.intent} got ${String(out.intent)}: ${JSON.stringify(c.text)}` });
      return;
    }
    intentOk++;
    const bad = Object.entries(c.slots ?? {}).filter(([k, v]) => !slotOk(k, v, slots)).map(([k]) => k);
    if (!bad.length) frameOk++;
    else misses.push({ text: c.text, kind: 'slot', detail: `SLOT ${JSON.stringify(bad)}: ${JSON.stringify(c.text)} -> ${JSON.stringify(slots)}` });
  });
  return { n: cases.length, intentOk, frameOk, misses };
}

export function formatScore(s: Score): string {
  const pct = (x: number) => (s.n ? (100 * x) / s.n : 0).toFixed(1);
  return `intent ${pct(s.intentOk)}% frame ${pct(s.frameOk)}% of ${s.n}`;
}
