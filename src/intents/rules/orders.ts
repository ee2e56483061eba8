/**
 * record_order: "Contoso ordered 10 seats of Team plan for $1,200", "record order: Litware,
 * 2 x Onboarding, $3k", "new order from Acme: 5 Pro licenses", "sold 3 widgets to Acme for 300 EUR".
 */
import { findMoney } from '../money.js';
import { candidate, type Rule } from '../message.js';
import { readName, nameBefore, type NameHit } from '../extractors/names.js';
import { removeSpans, tidy } from '../extractors/text.js';

const VERB = /\b(?:ordered|bought|purchased|placed\s+(?:an?\s+)?order\s+(?:for|of)|signed\s+up\s+for|upgraded\s+to|subscribed\s+to|renewed)\b/i;
const ADVERBS = /(?:\s+(?:just|has|have|had|also|already|finally|today|yesterday|again|now))+\s*$/i;
const HEAD =
  /^(?:(?:record|log|add|enter|create|book|register|put\s+in|take|capture|new)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:order|purchase|sale)|(?:new\s+)?(?:order|purchase|sale)(?=\s*(?::|-|from|for|by|")))\b\s*(?::|-)?\s*(?:(?:from|for|by|with|to)\s+)?:?\s*/i;
const SOLD = /^(?:we\s+|i\s+)?(?:sold|shipped|delivered)\s+(.+?)\s+to\s+/i;
const ORDER_FOR = new RegExp(`^(?:order|book|put\\s+in|add)\\s+(\\d{1,7}\\s*(?:x\\s+)?(?:more\\s+|extra\\s+|additional\\s+)?(?:${'units?|seats?|licen[cs]es?|users?|subscriptions?'})\\b.*?)\\s+(?:for|to)\\s+`, 'i');
const SOLD_BUYER = /^(?:we\s+|i\s+)?(?:just\s+)?(?:sold|shipped|delivered)\s+/i;
const UNITS = 'units?|seats?|licen[cs]es?|users?|boxes|cases|pcs|pieces|copies|packs?|subscriptions?|items?|accounts?|bundles?|hours?|days?';

interface Details {
  quantity?: number;
  product?: string;
  amount?: number;
  currency?: string;
}

/** Quantity, product and total from the part of the message after the customer. */
function details(rest: string): Details {
  const money = findMoney(rest);
  // "$50 each" / "$50 per seat": a unit price, so the total is price × quantity.
  const each = money ? /^\s*(?:each|apiece|a\s+(?:seat|licen[cs]e|user|unit|piece)|per\s+(?:seat|licen[cs]e|user|unit|piece|item)|\/\s*(?:seat|user|unit))\b/i.exec(rest.slice(money.end)) : null;
  let body = removeSpans(rest, [money, each && money ? { start: money.end, end: money.end + each[0].length } : null]);
  let quantity: number | undefined;
  let product: string | undefined;
  const times = /\b(\d{1,7})\s*(?:x|×|\*)\s*/i.exec(body) ?? /\b(?:qty|quantity)\s*:?\s*(\d{1,7})\b/i.exec(body);
  const counted = new RegExp(`\\b(\\d{1,7})\\s+(?:(?:${UNITS})\\s+of\\s+(?:the\\s+)?)?`, 'i').exec(body);
  const q = times ?? counted;
  if (q) {
    quantity = Number(q[1]);
    body = body.slice(0, q.index) + ' ' + body.slice(q.index + q[0].length);
  }
  // "/crm order "Acme" 10 "Team plan" 1200": with the count taken, a trailing bare number is the total.
  let total: number | undefined;
  const tail = !money && q ? /\s(\d{2,9}(?:\.\d{1,2})?)\s*$/.exec(body) : null;
  if (tail) {
    total = Number(tail[1]);
    body = body.slice(0, tail.index);
  }
  body = body.replace(/"([^"]+)"/g, '$1');
  product = tidy(body.replace(/^\s*(?:,|:|-)?\s*(?:the|a|an|some)\s+/i, ' ').replace(/\b(?:for|at|worth|total(?:ling)?|totaling|of)\s*$/i, ''), 200) ?? undefined;
  if (product) product = product.replace(/^(?:(?:the|a|an|of|some|more|additional|extra|another|their|his|her|its|our|new)\s+)+/i, '').replace(/\s+(?:for|at|worth|of)$/i, '').trim() || undefined;
  const qty = quantity && quantity > 0 && quantity <= 1_000_000 ? quantity : undefined;
  return {
    quantity: qty,
    product,
    amount: money && each && qty ? Math.round(money.amount * qty * 100) / 100 : money?.amount ?? total,
    currency: money?.currency,
  };
}

function build(customer: NameHit, d: Details): ReturnType<Rule> {
  if (d.quantity === undefined && d.product === undefined && d.amount === undefined) return null;
  return candidate('record_order', { customer: customer.value, ...d });
}

export const orderRule: Rule = (m) => {
  const s = m.text;
  if (/^(?:what|which|how|did|has|have|when|who|show|list)\b/i.test(s)) return null;
  const head = HEAD.exec(s);
  if (head) {
    const customer = readName(s, head[0].length);
    if (!customer) return null;
    return build(customer, details(s.slice(customer.end)));
  }
  // "order 10 seats for Litware": a counted product, then the buyer.
  const ordered = ORDER_FOR.exec(s);
  if (ordered) {
    const customer = readName(s, ordered[0].length);
    if (customer) return build(customer, details(`${ordered[1]} ${s.slice(customer.end)}`));
  }
  const sold = SOLD.exec(s);
  if (sold) {
    const customer = readName(s, sold[0].length);
    if (customer) return build(customer, details(`${sold[1]} ${s.slice(customer.end)}`));
  }
  // "sold Northwind 10 seats of Pro": the buyer right after the verb, then what they bought.
  const soldTo = SOLD_BUYER.exec(s);
  if (soldTo) {
    const customer = readName(s, soldTo[0].length);
    if (customer && /^\s+(?:\d|(?:a|an|the|some|another|more|their)\s)/i.test(s.slice(customer.end))) return build(customer, details(s.slice(customer.end)));
  }
  const verb = VERB.exec(s);
  if (verb && verb.index > 0) {
    const before = s.slice(0, verb.index).replace(ADVERBS, '');
    const customer = nameBefore(before, before.length);
    if (customer && customer.start <= 2) return build(customer, details(s.slice(verb.index + verb[0].length)));
  }
  return null;
};
