/**
 * Understanding one message: the deterministic parser first, the LLM only when the rules are
 * unsure. The rules are free, offline and predictable; the LLM widens the phrasings we handle
 * but can be wrong in ways rules are not, so a write it proposes is never run blind: the
 * dispatcher shows a Confirm/Edit/Cancel card first (`needsConfirmation`).
 */
import { parseMessage } from '../parse.js';
import type { IntentName } from '../catalog.js';
import type { ParseOptions, ParseResult } from '../types.js';
import type { LlmLogger, LlmParser } from './llm-parser.js';

// Re-exported so callers wiring the understanding find the env switch beside it.
export { llmFromEnv } from './llm-parser.js';

/** Intents that change CRM data. */
export const WRITE_INTENTS: ReadonlySet<IntentName> = new Set<IntentName>([
  'create_customer',
  'log_activity',
  'create_ticket',
  'update_ticket',
  'create_deal',
  'update_deal',
  'create_reminder',
  'record_order',
]);

export type Understood = ParseResult & {
  /** True when the dispatcher must ask the user before running the intent. */
  needsConfirmation: boolean;
  /** Why the result is what it is, for logs (never shown to the user as is). */
  note?: string;
};

export interface Understanding {
  understand(text: string, opts: ParseOptions): Promise<Understood>;
}

export interface UnderstandingOptions {
  llm?: LlmParser | undefined;
  logger?: LlmLogger | undefined;
  /** The deterministic parser; replaceable so tests can pin its answer. */
  rules?: (text: string, opts: ParseOptions) => ParseResult;
}

export function createUnderstanding(options: UnderstandingOptions = {}): Understanding {
  const { llm, logger, rules = parseMessage } = options;

  return {
    async understand(text, opts) {
      const ruled = rules(text, opts);
      if (ruled.confidence === 'high' || llm === undefined) return { ...ruled, needsConfirmation: false };

      const outcome = await llm.parse(text, opts);
      if (!outcome.ok) {
        const note = `llm ${outcome.reason}; used the rules' ${ruled.confidence}-confidence result`;
        logger?.debug({ reason: outcome.reason, intent: ruled.intent.intent }, 'llm fallback');
        // Exactly what the bot does with no LLM configured, so a provider outage changes nothing
        // the user has not already seen.
        return { ...ruled, needsConfirmation: false, note };
      }
      // The rules were unsure, so the LLM decides, including "unknown".
      return {
        intent: outcome.intent,
        confidence: 'low',
        source: 'llm',
        needsConfirmation: WRITE_INTENTS.has(outcome.intent.intent),
      };
    },
  };
}
