import { describe, expect, it } from 'vitest';
import { formatDay, formatInstant, isoDayIn } from '../../../src/handlers/common/format.js';

describe('dates in replies', () => {
  it('shows an instant in the user’s zone, across daylight saving changes and half-hour offsets', () => {
    expect(formatInstant(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toBe('Sun 29 Mar 2026, 00:30');
    expect(formatInstant(new Date('2026-03-29T01:30:00Z'), 'Europe/London')).toBe('Sun 29 Mar 2026, 02:30');
    expect(formatInstant('2026-11-22T20:00:00Z', 'Asia/Kolkata')).toBe('Mon 23 Nov 2026, 01:30');
    expect(formatInstant(new Date('2026-11-22T00:05:00Z'), 'UTC')).toBe('Sun 22 Nov 2026, 00:05');
    expect(formatInstant(new Date('2026-11-22T04:59:00Z'), 'America/New_York')).toBe('Sat 21 Nov 2026, 23:59');
  });

  it('keeps a calendar date as it is, and puts an instant on the user’s day', () => {
    expect(formatDay('2026-02-28', 'Pacific/Chatham')).toBe('Sat 28 Feb 2026');
    expect(formatDay('2024-02-29', 'America/Los_Angeles')).toBe('Thu 29 Feb 2024');
    expect(formatDay(new Date('2026-11-22T23:30:00Z'), 'Asia/Tokyo')).toBe('Mon 23 Nov 2026');
    expect(formatDay(new Date('2026-11-22T23:30:00Z'), 'UTC')).toBe('Sun 22 Nov 2026');
  });

  it('writes every calendar date from 1990 to 2040 as the instants are written (Intl, en-US)', () => {
    const intl = new Intl.DateTimeFormat('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2041, 0, 1); t += 86_400_000) {
      const parts = Object.fromEntries(intl.formatToParts(t).map((p) => [p.type, p.value]));
      const day = new Date(t).toISOString().slice(0, 10);
      expect(formatDay(day, 'Asia/Tokyo'), day).toBe(`${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`);
    }
  });

  it('shows a dash for what is missing or not a date, never "Invalid Date"', () => {
    expect(formatDay('2026-02-30', 'UTC')).toBe('—');
    expect(formatDay(null, 'UTC')).toBe('—');
    expect(formatInstant('garbage', 'UTC')).toBe('—');
    expect(formatInstant(new Date(Number.NaN), 'UTC')).toBe('—');
    expect(formatInstant(undefined, 'UTC')).toBe('—');
    expect(formatInstant(new Date('2026-11-22T10:00:00Z'), 'Not/AZone')).toBe('—');
  });

  it('knows which day it is in the user’s zone (a report of "this month" still running)', () => {
    const at = new Date('2026-12-01T03:30:00Z');
    expect(isoDayIn(at, 'America/New_York')).toBe('2026-11-30');
    expect(isoDayIn(at, 'Asia/Kolkata')).toBe('2026-12-01');
    expect(isoDayIn(at, 'UTC')).toBe('2026-12-01');
    expect(isoDayIn(at, 'Mars/Olympus_Mons')).toBeUndefined();
  });
});
