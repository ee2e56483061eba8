import type { ActionRef } from './reply.js';

/**
 * Packs an action into one id string `verb:forUser:value` for platforms that carry a single id
 * (Slack action value, Discord custom_id). Discord caps custom_id at 100 characters; we hold
 * every platform to that so one codec serves all.
 */
export const MAX_ACTION_ID = 100;
const VERB = /^[a-z_.]{1,32}$/;

export function encodeAction(ref: ActionRef): string {
  if (!VERB.test(ref.verb)) throw new Error(`invalid action verb ${JSON.stringify(ref.verb)}`);
  const packed = `${ref.verb}:${ref.forUserId ?? ''}:${ref.value}`;
  if (packed.length > MAX_ACTION_ID) throw new Error(`action id over ${MAX_ACTION_ID} characters: ${packed.slice(0, 40)}…`);
  return packed;
}

/** Returns null for anything not produced by encodeAction (forged or truncated payloads). */
export function decodeAction(packed: unknown): ActionRef | null {
  if (typeof packed !== 'string' || packed.length > MAX_ACTION_ID) return null;
  const match = /^([a-z_.]{1,32}):(\d*):(.*)$/s.exec(packed);
  if (!match) return null;
  const [, verb, user, value] = match;
  return user ? { verb: verb!, value: value!, forUserId: Number(user) } : { verb: verb!, value: value! };
}
