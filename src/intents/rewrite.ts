/**
 * Chat shorthand → plain words, so the grammar only has to know one spelling of each idea.
 * Runs after normalise() and before typo correction.
 */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bw\/o\b/gi, 'without'],
  // Three-letter typos are only safe to fix in context: "lod a call", "a cal with".
  [/^(?:lod|loh|lig|kog|lgo|olg|logg)\s+(?=(?:(?:a|an|the|my)\s+)?(?:call|cal|meeting|mtg|email|note|ticket|deal|order)\b)/i, 'log '],
  [/\b(a|the|phone|quick)\s+cal\b/gi, '$1 call'],
  // Typos that are real words elsewhere ("crate", "ad"), fixed only before what they create.
  [/^(?:crate|craete|creat|ceate|cretae)\s+(?=(?:(?:a|an|the|new)\s+)+)/i, 'create '],
  [/\bw\/\s*/gi, 'with '],
  [/\bre:\s*/gi, 'about '],
  [/\b(?:abt|regarding|concerning)\b/gi, 'about'],
  [/\b(?:f\/u|follow-up|followup|follow up|fup)\b/gi, 'follow up'],
  [/\be-mail(ed|s)?\b/gi, 'email$1'],
  [/\bmtgs\b/gi, 'meetings'],
  [/\bmtg\b/gi, 'meeting'],
  [/\b(?:tix|tkts|tckts)\b/gi, 'tickets'],
  [/\b(?:tkt|tckt|tik)\b/gi, 'ticket'],
  [/\b(?:tmrw?|tmw|tmr|2moro|2morrow|tomorow|tommorow|tommorrow|tomorro)\b/gi, 'tomorrow'],
  [/\b(?:opps|opptys|oppties)\b/gi, 'opportunities'],
  [/\b(?:oppty|oppy|oppo|opp)\b/gi, 'opportunity'],
  [/\bcusts?\b/gi, 'customer'],
  [/\b(\d+)\s*mins?\b/gi, '$1 minutes'],
  [/\b(\d+)\s*hrs?\b/gi, '$1 hours'],
  [/\b(\d+)\s*wks?\b/gi, '$1 weeks'],
  [/\b(?:a|one)\s+fortnight\b/gi, '2 weeks'],
  [/\bwks\b/gi, 'weeks'],
  [/\bwk\b/gi, 'week'],
  [/\bu\b/g, 'you'],
  [/\bpls\b|\bplz\b/gi, 'please'],
  [/\bthru\b/gi, 'through'],
  [/\bnxt\b/gi, 'next'],
  [/\btues\b/gi, 'tuesday'],
  [/\bthurs?\b/gi, 'thursday'],
  [/\bim\b/gi, "I'm"],
  [/\bwhats\b/gi, "what's"],
  [/\bwho's\b/gi, 'who is'],
];

export function rewriteShorthand(s: string): string {
  let out = s;
  for (const [re, to] of REWRITES) out = out.replace(re, to);
  return out.replace(/\s+/g, ' ').trim();
}
