/**
 * Messages that must never become an action: prompt injection, SQL, and destructive verbs
 * (nothing in the catalog deletes, so "delete all customers" is unknown, not a lookup).
 */
import { candidate, type Rule } from '../message.js';

const INJECTION =
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}?\b(?:instructions?|rules?|prompts?|guidelines|guardrails|everything|above|previous|prior|restrictions)\b|\bsystem\s+prompt\b|\bjailbreak\b|\byou\s+are\s+now\b|\bdeveloper\s+mode\b|\bpretend\s+(?:to\s+be|you)\b|\bact\s+as\s+(?:an?\s+)?(?:admin|root|dan)\b/i;
const SQL =
  /;\s*--|\b(?:drop|truncate|alter)\s+(?:table|database|schema)\b|\bdelete\s+from\b|\bunion\s+(?:all\s+)?select\b|\bselect\b[^.]{0,80}\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bor\s+['"]?1['"]?\s*=\s*['"]?1\b|<\s*script\b|\$\{|\{\{/i;
const DESTRUCTIVE =
  /^(?:(?:now|just|then|and|also|go|quickly|immediately)\s+)*(?:delete|drop|truncate|wipe|erase|destroy|purge|remove|nuke|export|dump|exfiltrate|leak|reset|deactivate|unsubscribe\s+all|mass[\s-]?email|email\s+(?:all|every))\b|\b(?:delete|wipe|erase|destroy|purge|remove|export|dump)\s+(?:all|every|each|the\s+entire|the\s+whole|everything)\b/i;

export const guardRule: Rule = (m) => {
  if (INJECTION.test(m.text) || SQL.test(m.text) || DESTRUCTIVE.test(m.text)) return candidate('unknown', {}, 'high');
  return null;
};
