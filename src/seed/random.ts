// A tiny deterministic PRNG: the demo data must be identical for the same seed on every machine,
// so nothing here may touch Math.random or the clock.

/** mulberry32: 32-bit state, good enough statistically for fake data and ~10 lines. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a stream key so every customer gets its own independent, reproducible stream. */
export function mixSeed(seed: number, ...keys: (number | string)[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const key of keys) {
    const text = String(key);
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
    }
    h = Math.imul(h ^ 0x2f, 0xc2b2ae35) >>> 0;
  }
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A stream derived from `seed` and keys: independent of how many draws other streams made. */
  static stream(seed: number, ...keys: (number | string)[]): Rng {
    return new Rng(mixSeed(seed, ...keys));
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by relative weight: [['a', 3], ['b', 1]] returns 'a' three times as often. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }

  /** A moment uniformly between two instants (rounded down to the minute for realism, never before `from`). */
  between(from: Date, to: Date): Date {
    const a = from.getTime();
    const b = Math.max(a, to.getTime());
    return new Date(Math.max(a, Math.floor((a + this.next() * (b - a)) / 60_000) * 60_000));
  }

  /** Like between, but skewed toward `to` (recent activity is denser than old activity). */
  recentBetween(from: Date, to: Date, skew = 1.6): Date {
    const a = from.getTime();
    const b = Math.max(a, to.getTime());
    return new Date(Math.max(a, Math.floor((b - Math.pow(this.next(), skew) * (b - a)) / 60_000) * 60_000));
  }
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** 'YYYY-MM-DD' of an instant in UTC: date columns must never be shifted by the machine's zone. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Standard-time offsets of the zones the demo uses. An hour off during summer time is invisible
// in demo data, and a full time-zone library per row would cost seconds at --scale 333.
const ZONE_OFFSET_HOURS: Record<string, number> = {
  'America/Los_Angeles': -8, 'America/Chicago': -6, 'America/New_York': -5, 'Europe/London': 0, 'Europe/Berlin': 1,
};

/**
 * Moves `date` to a random time between 08:00 and 17:30 on a weekday (weekends shift to Friday or
 * Monday) in `timeZone`, then clamps it into [min, max] so windows stay honoured.
 */
export function duringWorkingHours(rng: Rng, date: Date, timeZone: string, min: Date, max: Date): Date {
  const offset = (ZONE_OFFSET_HOURS[timeZone] ?? 0) * HOUR_MS;
  const local = new Date(date.getTime() + offset);
  const weekday = local.getUTCDay();
  const shift = weekday === 6 ? -1 : weekday === 0 ? 1 : 0;
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + shift);
  const moved = midnight + rng.int(8 * 60, 17 * 60 + 30) * 60_000 - offset;
  return new Date(Math.min(max.getTime(), Math.max(min.getTime(), moved)));
}
