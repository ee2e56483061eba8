import type { Intent } from './catalog.js';

export interface ParseOptions {
  /** The reference instant dates resolve against. */
  now: Date;
  /** The user's IANA time zone (from their CRM profile, `--tz`, or UTC). */
  tz: string;
}

/**
 * What a parser makes of one message. `confidence` says whether the deterministic parser is sure
 * enough to act without asking the LLM (when one is configured): 'high' acts, 'low' may consult it.
 */
export interface ParseResult {
  intent: Intent;
  confidence: 'high' | 'low';
  /** Which path produced it, for logs and `parse --llm`. */
  source: 'rules' | 'llm';
}
