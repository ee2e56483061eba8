/** What every rule receives: the cleaned message and the time context to resolve dates in. */
import type { Intent } from './catalog.js';
import type { TimeContext } from './time-context.js';

export interface Message {
  /** Normalised, shorthand-expanded, typo-corrected text (original casing kept). */
  text: string;
  time: TimeContext;
}

export interface Candidate {
  intent: Intent;
  confidence: 'high' | 'low';
}

export type Rule = (m: Message) => Candidate | null;

/** Builds a candidate; slots with undefined/empty values are dropped so absent means absent. */
export function candidate(intent: Intent['intent'], slots: Record<string, unknown>, confidence: 'high' | 'low' = 'high'): Candidate {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(slots)) {
    if (v === undefined || v === null || v === '') continue;
    clean[k] = v;
  }
  return { intent: { intent, slots: clean } as Intent, confidence };
}
