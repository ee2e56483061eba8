/**
 * report: "top segment this month", "top 5 customers by revenue this year", "my pipeline",
 * "ticket report last week", "activities this week by rep", "revenue by month this year".
 * The group_by phrase is cut first so "revenue by segment" is a revenue report, not segments.
 */
import type { ReportKind } from '../catalog.js';
import { readCount, NUMBER_WORD_RE } from '../lexicon.js';
import { findPeriod } from '../periods.js';
import { candidate, type Rule } from '../message.js';
import { nameAfter, nameBefore, readName } from '../extractors/names.js';
import { removeSpans } from '../extractors/text.js';

/** Words that turn "tickets"/"calls" into statistics rather than a list. */
export const REPORT_CUE =
  /\b(?:report|reports|reporting|stats|statistics|metrics|numbers|volume|trend|trends|breakdown|summary|summarize|summarise|how\s+many|count|counts|kpis?|dashboard|analytics|chart|graph|overview|per\s+(?:rep|owner|month|week|segment|stage)|by\s+(?:rep|owner|month|segment|stage))\b/i;

const GROUPS: ReadonlyArray<readonly [RegExp, 'owner' | 'month' | 'segment' | 'stage' | 'cluster']> = [
  [/\bleaderboard\b|\b(?:best|top|leading|worst|which|what)\s+(?:sales\s*)?(?:reps?|salespeople|salesperson|sellers?|performers?|account\s+managers?)\b|\b(?:grouped\s+|broken\s+down\s+|split\s+)?(?:by|per|for\s+each|each)\s+(?:sales\s*)?(?:reps?|owners?|salespeople|salesperson|sales\s+people|persons?|people|users?|team\s+members?|sellers?|agents?|account\s+managers?|ams?|employees?)\b/gi, 'owner'],
  [/\b(?:(?:grouped\s+|broken\s+down\s+|split\s+)?(?:by|per|for\s+each|each)\s+months?|monthly|month\s+by\s+month|month\s+over\s+month|mom)\b/gi, 'month'],
  [/\b(?:grouped\s+|broken\s+down\s+|split\s+)?(?:by|per|for\s+each|each|across)\s+segments?\b/gi, 'segment'],
  [/\b(?:grouped\s+|broken\s+down\s+|split\s+)?(?:by|per|for\s+each|each|across)\s+(?:deal\s+)?stages?\b/gi, 'stage'],
  // Behavioural clusters: "segments by cluster", "cluster the customers", "customer clusters".
  [/\b(?:(?:grouped\s+|broken\s+down\s+|split\s+)?(?:by|per|into|across)\s+(?:behaviou?ral\s+)?clusters?|cluster(?:ing)?\s+(?:the\s+|our\s+|my\s+)?(?:customers|clients|accounts|buyers)|(?:customer|client|account|behaviou?ral)\s+clusters?|clusters?\s+of\s+(?:customers|clients|accounts))\b/gi, 'cluster'],
];

/** "which segment is growing fastest", "fastest-growing segment": segments ranked by growth. */
const GROWTH = /\b(?:(?:fastest|quickest)[\s-]+growing|growing\s+(?:the\s+)?(?:fastest|quickest|most)|grew\s+(?:the\s+)?(?:fastest|most)|biggest\s+growth|segment\s+growth)\b/i;

const HOW_ARE_WE =
  '(?:how|how\\s+well)\\s+(?:did|are|is|were|have|has)\\s+(?:we|i|the\\s+team|things|sales)\\s+(?:do|doing|done|did|tracking|trending|performing|pacing|looking|going|gone)';

const HOW_IS_PERSON = "(?:how(?:'s|\\s+is|\\s+was|\\s+are))\\s+\\p{Lu}[\\p{L}\\-]*(?:\\s+\\p{Lu}[\\p{L}\\-]*)?\\s+(?:doing|tracking|performing|pacing|trending)";

const KINDS: ReadonlyArray<readonly [RegExp, ReportKind, boolean]> = [
  // [pattern, kind, needs a report cue or period to count]
  [/\b(?:top|best|biggest|largest|leading|main|most\s+profitable|highest[\s-]?(?:paying|revenue))\s+(?:\S+\s+)?segments?\b|\bsegments?\b/i, 'segments', false],
  [new RegExp(`\\b(?:top|best|biggest|largest|leading|key|most\\s+valuable|highest[\\s-]?(?:paying|spending|revenue))\\s+(?:(?:\\d{1,3}|${NUMBER_WORD_RE})\\s+)?(?:customers|clients|accounts|buyers|spenders)\\b|\\b(?:top|best|biggest|largest|most\\s+valuable)\\s+(?:customer|client|account|buyer|spender)\\b|\\b(?:customers|clients|accounts)\\s+by\\s+(?:revenue|sales|spend|value)\\b|\\bwho\\s+(?:bought|spent|paid|ordered|purchased)\\s+the\\s+most\\b|\\btop\\s+\\d{1,3}\\b`, 'i'), 'top_customers', false],
  [/\b(?:pipeline|pipe|forecast|funnel|open\s+deals|(?:biggest|largest|top|best)\s+(?:\d{1,3}\s+)?(?:open\s+)?(?:deals|opportunities|opps)|(?:what's|what\s+is|what\s+are|anything|what)\s+(?:\w+\s+)?closing\b|(?:deals|opportunities|opps)\s+(?:closing|(?:expected|due|set|likely|slated|scheduled)\s+to\s+close|in\s+play)|deals?\s+(?:by|per)\s+stage|deal\s+flow|opportunities)\b/i, 'pipeline', false],
  [/\b(?:revenue|sales|income|bookings|earnings|turnover|mrr|arr|(?:what|how\s+much)\s+(?:did|have|has)\s+(?:we|i|the\s+team)\s+(?:sell|sold|make|made|earn|earned|book|booked|bill|billed|bring\s+in|brought\s+in)|how\s+much\s+(?:did|have|has)\s+(?:we|i|the\s+team)\s+(?:sell|sold|make|made|earn|earned|book|booked|bill|billed|bring\s+in|brought\s+in|close|closed))\b/i, 'revenue', false],
  [/\b(?:tickets?|support\s+(?:volume|load|requests|cases)|cases|incidents)\b/i, 'tickets', true],
  [/\b(?:activities|activity|calls|meetings|emails|touchpoints|touches|notes\s+logged|calls?\s+made)\b/i, 'activities', true],
  [/\b(?:what|how\s+much)\s+(?:did|have)\s+(?!you\b|they\b|it\b)(?:i|we|\p{Lu}\p{Ll}+)\s+(?:log|logged|do|done)\b/iu, 'activities', true],
  // Informal "how are we doing" questions and leaderboards are about revenue.
  [new RegExp(`\\b(?:numbers|performance|results|quota|leaderboard|win\\s+rate|deals\\s+(?:we\\s+|i\\s+)?(?:won|closed)\\b(?!\\s+(?:won|lost))|(?:did|have)\\s+(?:we|i)\\s+(?:win|won|close|closed)|${HOW_ARE_WE}|${HOW_IS_PERSON}|(?:best|top|leading)\\s+(?:sales\\s*)?(?:reps|salespeople|sellers|performers))\\b`, 'iu'), 'revenue', false],
];

const OWNER_ME = /\b(?:my|mine)\b|\b(?:did|have|had|do)\s+i\b|\bi\s+(?:did|made|had|have|logged|closed|sold|booked|made|do|make|handled)\b|\bfor\s+me\b/i;

const LEADERBOARD = /\bleaderboard\b|\b(?:best|top|leading|worst|which)\s+(?:sales\s*)?(?:reps?|salespeople|salesperson|sellers?|performers?|account\s+managers?)\b/i;
const POSSESSED =
  /'s\s+(?:(?:open|current|total|weighted|q[1-4]|monthly|quarterly)\s+)?(?:pipeline|pipe|revenue|sales|activities|activity|calls|meetings|numbers|deals|forecast|tickets|quota|performance|bookings)\b/i;
const NOT_OWNER = /^(?:revenue|sales|value|amount|spend|spending|volume|count|size|growth|region|industry|product|products|plan|deal|deals|team|everyone|everybody|company|all|us|whole|org|stage|month|quarter|year|week|segment|rep|reps|owner|customer|customers|now|today|it|this|that)$/i;
const DID_PERSON = /\b(?:did|has|have|had)\s+/gi;
const PERSON_VERB = /^\s+(?:make|made|log|logged|have|had|do|done|close|closed|book|booked|sell|sold|bring\s+in|brought\s+in)\b/i;

/** Whose numbers: "my …" → me, "Sarah's pipeline", "did Sarah make", "pipeline for/by Sarah Chen". */
function findOwner(s: string, body: string, kind: ReportKind): string | undefined {
  if (OWNER_ME.test(s)) return 'me';
  const poss = POSSESSED.exec(s);
  if (poss) {
    const name = nameBefore(s, poss.index + 2) ?? nameBefore(s, poss.index + 2, { lower: false });
    if (name) return name.value.replace(/'s$/i, '');
  }
  const how = /^how(?:'s|\s+is|\s+was|\s+are)\s+/i.exec(s);
  const person = how ? readName(s, how[0].length, { lower: false, maxWords: 2 }) : null;
  if (person && /^\s+(?:doing|tracking|performing|pacing|trending)\b/i.test(s.slice(person.end))) return person.value;
  DID_PERSON.lastIndex = 0;
  for (let m = DID_PERSON.exec(s); m; m = DID_PERSON.exec(s)) {
    const name = readName(s, m.index + m[0].length, { lower: false, maxWords: 3 });
    if (name && PERSON_VERB.test(s.slice(name.end))) return name.value;
  }
  // Only people own pipeline, revenue and activity numbers; "top customers for X" has no owner.
  if (kind === 'pipeline' || kind === 'revenue' || kind === 'activities') {
    const after = nameAfter(body, /\b(?:for|by|owned\s+by|from|rep)\s+/i, { lower: false, maxWords: 3 });
    if (after) return after.value;
    // "pipeline for john": one lower-case word at the end of the message.
    const low = /\b(?:for|by|owned\s+by|rep)\s+([\p{Ll}][\p{L}'-]+)\s*[?.!]*\s*$/u.exec(body);
    if (low && !NOT_OWNER.test(low[1]!)) return nameAfter(low[0], /^\S+\s+/, { maxWords: 1 })?.value;
  }
  return undefined;
}

export const reportRule: Rule = (m) => {
  const s = m.text;
  const spans = [];
  let group_by: 'owner' | 'month' | 'segment' | 'stage' | 'cluster' | undefined;
  for (const [re, g] of GROUPS) {
    re.lastIndex = 0;
    const hit = re.exec(s);
    if (hit) {
      group_by = g;
      spans.push({ start: hit.index, end: hit.index + hit[0].length });
      break;
    }
  }
  const period = findPeriod(s, m.time);
  const body = removeSpans(s, [...spans, period]);
  const cue = REPORT_CUE.test(s) || !!period || !!group_by;
  let kind: ReportKind | null = null;
  for (const [re, k, needsCue] of KINDS) {
    if (re.test(body) && (!needsCue || cue)) {
      kind = k;
      break;
    }
  }
  // "best reps last month": a leaderboard of owners ranks them by revenue.
  if (!kind && group_by === 'owner' && LEADERBOARD.test(s)) kind = 'revenue';
  // Clusters are of customers: "cluster the customers" names no report, it is the segments one.
  if (!kind && group_by === 'cluster') kind = 'segments';
  if (!kind) return null;
  const sort = kind === 'segments' && GROWTH.test(s) ? 'growth' as const : undefined;
  const lim = new RegExp(`\\btop\\s+(\\d{1,3}|${NUMBER_WORD_RE})\\b|\\b(\\d{1,3})\\s+(?:top|best|biggest|largest)\\b`, 'i').exec(s);
  const limitN = lim ? readCount(lim[1] ?? lim[2] ?? '') : null;
  const owner = findOwner(s, body, kind);
  const confident = cue || !!sort || /^(?:show|give|get|what|how|pull|run|see|list|view|display|report)\b/i.test(s) || body.trim().split(/\s+/).length <= 4;
  return candidate(
    'report',
    {
      report: kind,
      period: period?.period,
      limit: limitN && limitN >= 1 && limitN <= 100 ? limitN : undefined,
      owner,
      group_by,
      sort,
    },
    confident ? 'high' : 'low',
  );
};
