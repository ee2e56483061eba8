/** help: "help", "what can you do?", "how do I log a call?" (topic), "help with tickets". */
import { candidate, type Rule } from '../message.js';
import { tidy } from '../extractors/text.js';

const BARE = /^(?:help|\?+|commands|usage|menu|options|instructions|docs|manual|guide|getting\s+started|support|h)(?:\s+(?:me|please|us|pls))?[\s!?.]*$/i;
const WITH_TOPIC = /^(?:help|usage|docs|guide|commands?)\s+(?:me\s+)?(?:(?:with|on|about|for)\s+)?(.+)$/i;
const QUESTIONS = [
  /^what\s+(?:can|do|should)\s+(?:you|i|we)\s+(?:do|ask|say|type|help\s+with|use\s+you\s+for)\b/i,
  /^what\s+(?:commands|things|kinds?\s+of\s+things|sorts?\s+of\s+things|features|capabilities)\b/i,
  /^(?:which|what)\s+commands\b/i,
  /^(?:what|who)\s+are\s+you(?:\s+(?:exactly|again))?[\s?!.]*$/i,
  // "can you log calls?" ("can you" is stripped by normalise): a capability question.
  /^(?:log|create|add|track|set|make|open|record|schedule|manage|handle|do|send|file)\s+(?:calls|tickets|deals|reminders|orders|notes|meetings|emails|customers|contacts|reports|opportunities)\s*\?+$/i,
  /^what\s+(?:is|are)\s+(?:your\s+)?(?:the\s+)?(?:commands|features|options|capabilities)\b/i,
  /^how\s+(?:do|can|should)\s+(?:i|we)\s+(?:use|talk\s+to|work\s+with)\s+(?:you|this|rapport|the\s+bot|it)\b/i,
  /^how\s+does\s+(?:this|it|rapport|the\s+bot)\s+work\b/i,
  /^(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+|your\s+|of\s+)?(?:available\s+)?commands\b/i,
  /^(?:i'?m\s+)?(?:lost|confused|stuck)\b/i,
  /^what\s+can\s+(?:you|rapport)\s+help\b/i,
  /^what\s+(?:can|does|will)\s+(?:this|the|this\s+bot|rapport)(?:\s+(?:bot|thing|app|tool|assistant))?\s+do\b/i,
  /^(?:can|could)\s+you\s+help\b/i,
];
const HOW_DO_I = /^how\s+(?:do|can|should|would)\s+(?:i|we|you)\s+(.+)$/i;

function topic(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const t = tidy(raw.replace(/\?+$/, ''), 100);
  if (!t || /^(?:me|please|us|pls)$/i.test(t)) return undefined;
  return t;
}

export const helpRule: Rule = (m) => {
  const s = m.text;
  if (BARE.test(s)) return candidate('help', {});
  if (QUESTIONS.some((re) => re.test(s))) return candidate('help', {});
  const how = HOW_DO_I.exec(s);
  if (how && !/\b(?:many|much)\b/i.test(s)) return candidate('help', { topic: topic(how[1]) });
  const w = WITH_TOPIC.exec(s);
  if (w && /^help\b/i.test(s)) return candidate('help', { topic: topic(w[1]) });
  return null;
};
