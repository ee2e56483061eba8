/** Deal stages and their everyday synonyms ("closed won", "negotiating", "proposal sent"). */
import type { DealStage } from '../catalog.js';

export interface StageHit {
  value: DealStage;
  start: number;
  end: number;
}

const STAGES: ReadonlyArray<readonly [RegExp, DealStage]> = [
  [/\b(?:closed[\s-]?won|won|win|signed|closed\s+the\s+deal)\b/gi, 'won'],
  [/\b(?:closed[\s-]?lost|lost|lose|dead|churned)\b/gi, 'lost'],
  [/\b(?:negotiation|negotiations|negotiating|negotiate|contracting|in\s+legal)\b/gi, 'negotiation'],
  [/\b(?:proposal(?:\s+sent)?|quote\s+sent|quoted|proposing)\b/gi, 'proposal'],
  [/\b(?:qualified|qualification|qualifying|sql|discovery)\b/gi, 'qualified'],
  [/\b(?:lead|prospect|prospecting|new\s+lead)\b/gi, 'lead'],
];

/** The stage stated in `s` (with a leading "stage"/"to"/"as"/"is" and trailing "stage"), or null. */
export function findStage(s: string): StageHit | null {
  let best: StageHit | null = null;
  for (const [re, value] of STAGES) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      // "lead" is a stage only as a stage ("stage lead", "to lead", "lead stage"), not "lead engineer".
      const before = /\b(?:stage|to|as|is|now|at|in|into|back\s+to)\s*:?\s*(?:the\s+)?$/i.exec(s.slice(0, m.index));
      const after = /^\s*(?:stage|phase)\b/i.exec(s.slice(m.index + m[0].length));
      // …or as a list field of its own: "new deal: Globex, 250k, lead".
      const field = /[,;:]\s*$/.test(s.slice(0, m.index)) && /^\s*(?:$|[,;.])/.test(s.slice(m.index + m[0].length));
      if (value === 'lead' && !before && !after && !field) continue;
      const start = before ? before.index : m.index;
      const end = m.index + m[0].length + (after ? after[0].length : 0);
      if (!best || m.index < best.start) best = { value, start, end };
      break;
    }
  }
  return best;
}
