import { createPublicKey, verify, type KeyObject } from 'node:crypto';

// DER prefix of an Ed25519 SubjectPublicKeyInfo: Discord hands out the raw 32-byte key in hex.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PublicKey(hex: string): KeyObject {
  const raw = Buffer.from(hex.trim(), 'hex');
  if (raw.length !== 32) throw new Error('DISCORD_PUBLIC_KEY must be the 64-hex-digit public key from the Developer Portal');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Discord signs `timestamp + raw body` with the application's Ed25519 key. Anything missing or
 * malformed is simply invalid: the caller answers 401 and nothing is dispatched. Replays of a
 * valid request are harmless: the interaction id is the idempotency key.
 */
export function isValidDiscordSignature(key: KeyObject, body: Buffer, signature: unknown, timestamp: unknown): boolean {
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^[0-9a-f]{128}$/i.test(signature) || !timestamp) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
