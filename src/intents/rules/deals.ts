/**
 * create_deal ("new deal: Acme expansion $75k closing Dec 20", "/crm deal Contoso 40k stage
 * qualified", "create an opportunity for Litware worth 9,500") and update_deal ("move the Acme deal
 * to proposal", "Contoso deal is won", "push deal 12 close date to end of quarter").
 */
import { findDates } from '../dates.js';
import { findMoney } from '../money.js';
import { candidate, type Rule } from '../message.js';
import { readName, nameAfter, nameBefore } from '../extractors/names.js';
import { findStage } from '../extractors/stage.js';
import { blankSpans, removeSpans, tidy, type Span } from '../extractors/text.js';

const NOUN = '(?:deal|opportunity|opportunities|pipeline\\s+deal)';
const CREATE_HEAD = new RegExp(
  `^(?:(?:create|add|open|log|start|record|enter|make|register|set\\s+up|book|new)\\s+(?:(?:a|an|the|one|another)\\s+)?(?:new\\s+)?((?:[^\\s:,]+\\s+){0,3}?)|new\\s+)${NOUN}\\b(?!\\s*#?\\d)`,
  'id',
);
const NOUN_HEAD = new RegExp(`^${NOUN}\\b(?!\\s*#?\\d)\\s*:?`, 'i');
const CLOSE_DATE = /(?:'s)?\s+(?:expected\s+)?(?:close|closing)\s+date\b/i;
const MOVE_HEAD = /^(?:move|moved|push|pushed|slip|slipped|bump|bumped|mark|set|update|change|put|advance|progress|downgrade|upgrade)\s+(?:the\s+)?/i;
const CHANGE_CUE = /\b(?:is|was|now|to|as|into|moved|move|mark|marked|set|update|change|push|pushed|bump|pull|slip|slipped|won|lost|closed)\b/i;
const CUE_WORDS =
  /\b(?:worth|valued\s+at|value(?:\s+of)?|amount(?:\s+of)?|total(?:ling)?|closing|closes|close\s+date|to\s+close|expected\s+to\s+close|expected\s+close|close|stage|at|for|of|with|by|on|in|expected|est\.?|estimated)\b/gi;

/** Customer, then amount/stage/close date anywhere after the verb; the leftover words are the title. */
function createDeal(s: string, verbEnd: number, headEnd: number, time: Parameters<typeof findDates>[1]): ReturnType<Rule> {
  let at = headEnd;
  const prep = /^\s*(?::|-)?\s*(?:(?:for|with|from|at|on)\s+)?/i.exec(s.slice(at));
  at += prep ? prep[0].length : 0;
  const customer = readName(s, at);
  if (!customer) return null;
  const nounStart = s.slice(0, headEnd).search(new RegExp(`${NOUN}\\s*$`, 'i'));
  const work = blankSpans(s, [{ start: 0, end: verbEnd }, { start: nounStart < 0 ? verbEnd : nounStart, end: at }, customer]);
  const money = findMoney(work);
  const stage = findStage(blankSpans(work, [money]));
  const date = findDates(blankSpans(work, [money, stage]), time)[0] ?? quarterClose(blankSpans(work, [money, stage]), time);
  const title = tidy(removeSpans(work, [money, stage, date]).replace(CUE_WORDS, ' '), 200);
  return candidate('create_deal', {
    customer: customer.value,
    title: title && !/^(?:a|an|the|new)$/i.test(title) ? title : undefined,
    amount: money?.amount,
    currency: money?.currency,
    stage: stage?.value,
    close_date: date?.value.slice(0, 10),
  });
}

/** "closing Q1" / "by Q3 2027": the last day of that quarter (the next one when this year's has passed). */
function quarterClose(s: string, time: Parameters<typeof findDates>[1]): { value: string; start: number; end: number } | undefined {
  const m = /\b(?:(?:closing|close|closes|by|in|end\s+of)\s+)?q([1-4])(?:\s+(\d{4}))?\b/i.exec(s);
  if (!m) return undefined;
  let end = time.today.set({ month: Number(m[1]) * 3, day: 1, ...(m[2] ? { year: Number(m[2]) } : {}) }).endOf('month');
  if (!m[2] && end < time.today) end = end.plus({ years: 1 });
  return { value: end.toFormat('yyyy-MM-dd'), start: m.index, end: m.index + m[0].length };
}

/** A stage word right at the start of `s` ("won", "to negotiation"). */
function stageLeads(s: string): boolean {
  const st = findStage(s);
  return !!st && s.slice(0, st.start).trim() === '';
}

/** Which deal the message is about: a number, "the X deal", "deal for X", "won X". */
function dealRef(s: string): { value: string | number; span: Span } | null {
  const num = /\b(?:deal|opportunity)\s*(?:no\.?|number|#)?\s*#?(\d{1,9})\b/i.exec(s);
  if (num) return { value: Number(num[1]), span: { start: num.index, end: num.index + num[0].length } };
  const noun = new RegExp(`(?:'s)?\\s+${NOUN}\\b`, 'i').exec(s);
  if (noun) {
    const name = nameBefore(s, noun.index);
    if (name) return { value: name.value, span: { start: name.start, end: noun.index + noun[0].length } };
    // "Acme just signed, mark the deal won": "the deal" points back at the name that opened the message.
    const lead = /\b(?:the|this|that)$/i.test(s.slice(0, noun.index)) ? readName(s, 0, { lower: false }) : null;
    if (lead && lead.end < noun.index && /^\s*(?:just\s+|finally\s+)?(?:signed|agreed|accepted|said\s+yes|is|are|has|have|went|moved|backed\s+out|walked|passed|declined|chose)\b/i.test(s.slice(lead.end))) {
      return { value: lead.value, span: lead };
    }
  }
  // "push Litware close date to Jan 15", "litware close date jan 15".
  const close = CLOSE_DATE.exec(s);
  if (close) {
    const name = nameBefore(s, close.index);
    if (name) return { value: name.value, span: { start: name.start, end: close.index + close[0].length } };
  }
  const closeFor = nameAfter(s, /\b(?:(?:expected\s+)?close\s+date|closing(?:\s+date)?|close)\s+(?:for|on|of)\s+/i);
  if (closeFor) return { value: closeFor.value, span: { start: closeFor.cueStart, end: closeFor.end } };
  const after = nameAfter(s, new RegExp(`\\b${NOUN}\\s+(?:for|with|from|at)\\s+`, 'i'));
  if (after) return { value: after.value, span: after };
  const verb = nameAfter(s, /^(?:we\s+)?(?:just\s+)?(?:won|lost|closed)\s+/i);
  if (verb) return { value: verb.value, span: verb };
  // "move Northwind to negotiation": a stage or date must follow (checked by the caller).
  const moved = MOVE_HEAD.exec(s);
  if (moved) {
    const name = readName(s, moved[0].length);
    const tail = s.slice(name?.end ?? 0);
    if (name && (/^\s+(?:to|as|into|back\s+to|out\s+to)\b/i.test(tail) || stageLeads(tail))) return { value: name.value, span: { start: 0, end: name.end } };
  }
  // "Fabrikam is in negotiation": a name, a linking verb, then a stage.
  const first = readName(s, 0);
  const link = first ? /^\s+(?:(?:is|are|was|has\s+(?:been\s+)?moved|moved|went|now|is\s+now|just|finally)\s+(?:now\s+)?(?:in|at|to|into)?\s*)?/i.exec(s.slice(first.end)) : null;
  if (first && link) {
    const stage = findStage(s.slice(first.end));
    if (stage && stage.value !== 'lead' && stage.start <= link[0].length + 1) return { value: first.value, span: first };
  }
  return null;
}

export const createDealRule: Rule = (m) => {
  const s = m.text;
  const head = CREATE_HEAD.exec(s);
  if (head) return createDeal(s, head.indices?.[1]?.[0] ?? head[0].length, head[0].length, m.time);
  // "Acme wants 100 seats, create a deal for $20k": the command follows the context clause.
  const clause = /[,.;]\s+(?=(?:please\s+)?(?:create|add|open|log|start|new)\b)/i.exec(s);
  if (clause) {
    const tailStart = clause.index + clause[0].length;
    const tail = s.slice(tailStart);
    const h = CREATE_HEAD.exec(tail);
    const lead = readName(s, 0, { lower: false });
    if (h && lead) {
      const after = /^\s*(?:for|with)\s+(?=[\p{Lu}"])/u.exec(tail.slice(h[0].length));
      if (after) return createDeal(s, tailStart, tailStart + h[0].length, m.time);
      const money = findMoney(s);
      const date = findDates(blankSpans(s, [money]), m.time)[0];
      return candidate('create_deal', { customer: lead.value, amount: money?.amount, currency: money?.currency, close_date: date?.value.slice(0, 10) });
    }
  }
  const noun = NOUN_HEAD.exec(s);
  // "/crm deal Contoso 40k" creates; "deal for Acme is lost" changes an existing one.
  if (noun && !CHANGE_CUE.test(s.slice(noun[0].length))) return createDeal(s, noun[0].length, noun[0].length, m.time);
  return null;
};

export const updateDealRule: Rule = (m) => {
  const s = m.text;
  const ref = dealRef(s);
  if (!ref) return null;
  const rest = removeSpans(s, [ref.span]);
  const money = findMoney(rest, /\b(?:amount|value|worth|price|to)\b/i.test(rest));
  let stage = findStage(removeSpans(rest, [money]));
  if (!stage && /^(?:we\s+)?(?:just\s+)?(won|lost)\b/i.test(s)) {
    const w = /^(?:we\s+)?(?:just\s+)?(won|lost)\b/i.exec(s)!;
    stage = { value: w[1]!.toLowerCase() === 'won' ? 'won' : 'lost', start: 0, end: w[0].length };
  }
  const date = findDates(removeSpans(rest, [money, stage]), m.time)[0] ?? quarterClose(removeSpans(rest, [money, stage]), m.time);
  if (!stage && !money && !date) return null;
  return candidate('update_deal', {
    deal: ref.value,
    stage: stage?.value,
    amount: money?.amount,
    close_date: date?.value.slice(0, 10),
  }, CHANGE_CUE.test(s) ? 'high' : 'low');
};
