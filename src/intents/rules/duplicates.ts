/**
 * find_duplicates ("find duplicates", "any duplicate customers?", "duplicates of Acme") and
 * merge_customers ("merge Acme Inc into Acme Corp", "merge Acme Inc with Acme Corp"). Both are
 * extensions beyond shared/intents.md. In "merge X into Y" and "merge X with Y" alike the first
 * name is the record that goes away and the second the one kept: the sentence is about X.
 */
import { candidate, type Rule } from '../message.js';
import { tidy } from '../extractors/text.js';

const RECORDS = '(?:customers?|clients?|accounts?|companies|company|records?|contacts?|entries)';
const FIND = new RegExp(
  `^(?:(?:please\\s+)?(?:find|show(?:\\s+me)?|list|check(?:\\s+for)?|look\\s+for|search\\s+for|scan\\s+for|get|spot|detect)\\s+(?:the\\s+|all\\s+|any\\s+)?|(?:are\\s+there|do\\s+we\\s+have|have\\s+we\\s+got)\\s+(?:any\\s+)?|any\\s+)?` +
    `(?:possible\\s+|likely\\s+|potential\\s+)?(?:duplicate|duplicated|dupe|double)s?(?:\\s+${RECORDS})?` +
    `(?:\\s+(?:of|for|like|named|matching|among|in)\\s+(?<query>.+?))?\\s*[?.!]*$`,
  'i',
);
const MERGE = /^(?:please\s+)?(?:merge|combine|fold|dedupe|de-duplicate)\s+(?:the\s+)?(?:customers?\s+|accounts?\s+|records?\s+)?(?<source>.+?)\s+(?:into|in\s+to|with|and|onto)\s+(?:the\s+)?(?<target>.+?)\s*[.!]*$/i;
const ALL = /^(?:customers?|clients?|accounts?|companies|records?|all|everything|everyone|the\s+crm|crm)$/i;
const strip = (s: string) => tidy(s.replace(/^["“']|["”']$/g, '').replace(/\s+(?:customer|account|record)s?$/i, ''), 200);

export const duplicatesRule: Rule = (m) => {
  const merge = MERGE.exec(m.text);
  if (merge?.groups) {
    const source = strip(merge.groups.source!);
    const target = strip(merge.groups.target!);
    if (source && target) return candidate('merge_customers', { source, target });
  }
  if (new RegExp(`^(?:please\\s+)?(?:dedupe|de-?dup(?:licate)?)\\s+(?:the\\s+|my\\s+|our\\s+|all\\s+)?${RECORDS}\\s*[.!]*$`, 'i').test(m.text)) return candidate('find_duplicates', {});
  const find = FIND.exec(m.text);
  if (find) {
    const query = find.groups?.query ? strip(find.groups.query) : undefined;
    return candidate('find_duplicates', { query: query && !ALL.test(query) ? query : undefined });
  }
  return null;
};
