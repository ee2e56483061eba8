import { DateTime, IANAZone } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installZoneOffsetCache } from '../../src/app/zone-offsets.js';

// Offsets are remembered per hour (src/app/zone-offsets.ts). Checked here against Intl itself,
// computed independently of luxon, at every transition of zones with odd rules and at random
// instants from 1850 to 2060.

installZoneOffsetCache(); // installed by test/support/setup.ts already; a second call is a no-op

const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC at `ts`, from Intl's wall clock in the zone (whole seconds, as luxon). */
function intlOffset(zone: string, ts: number): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(ts)).map((p) => [p.type, p.value]));
  const year = part.era === 'BC' || part.era === 'B' ? 1 - Number(part.year) : Number(part.year);
  const wall = new Date(Date.UTC(2000, Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second)));
  wall.setUTCFullYear(year);
  const whole = ts - (((ts % 1000) + 1000) % 1000);
  return (wall.getTime() - whole) / 60_000;
}

/** The instants where the zone's offset changes between two dates, to the millisecond. */
function transitions(zone: string, fromYear: number, toYear: number): number[] {
  const day = 86_400_000;
  const found: number[] = [];
  let t = Date.UTC(fromYear, 0, 1);
  let before = intlOffset(zone, t);
  for (const end = Date.UTC(toYear, 0, 1); t < end; t += day) {
    const after = intlOffset(zone, t + day);
    if (after !== before) {
      let lo = t;
      let hi = t + day;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffset(zone, mid) === before) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    before = after;
  }
  return found;
}

const ZONES = [
  'America/New_York', // DST at 2:00 local
  'Europe/London', // LMT −0:01:15 until 1847, double summer time in the 1940s
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Asia/Kolkata', // +5:30, LMT +5:53:28 and wartime +6:30
  'America/St_Johns', // −3:30 with DST
  'Pacific/Chatham', // +12:45 / +13:45
  'Africa/Casablanca', // DST suspended each Ramadan
  'Pacific/Apia', // skipped 30 Dec 2011
  'Asia/Kathmandu', // +5:30 → +5:45 in 1986
];

describe('zone offsets remembered per hour', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(ZONES)('%s: luxon gives Intl’s offset on both sides of every transition since 1850', (zone) => {
    const iana = IANAZone.create(zone);
    const points = transitions(zone, 1850, 2060);
    expect(points.length).toBeGreaterThan(0);
    for (const at of points) {
      for (const ts of [at - 3_600_000, at - 60_000, at - 1, at, at + 1, at + 60_000, at + 3_600_000, Math.floor(at / 3_600_000) * 3_600_000]) {
        expect(iana.offset(ts), `${zone} at ${new Date(ts).toISOString()}`).toBe(intlOffset(zone, ts));
      }
    }
  });

  it.each(ZONES)('%s: the same at 3000 random instants from 1850 to 2060, asked twice', (zone) => {
    const iana = IANAZone.create(zone);
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2060, 0, 1);
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 3000; i++) {
      const ts = Math.floor(from + random() * (to - from));
      expect(iana.offset(ts)).toBe(intlOffset(zone, ts));
      expect(iana.offset(ts)).toBe(intlOffset(zone, ts));
    }
  });

  it('makes wall times across a DST change as luxon always has', () => {
    // 2:30 on 8 Mar 2026 does not exist in New York (moved forward to 3:30); 1:30 on 1 Nov 2026 happens twice (luxon takes the second, EST).
    // Plain luxon's answers, printed before the cache existed.
    expect(DateTime.fromISO('2026-03-08T02:30', { zone: 'America/New_York' }).toISO()).toBe('2026-03-08T03:30:00.000-04:00');
    expect(DateTime.fromISO('2026-11-01T01:30', { zone: 'America/New_York' }).toISO()).toBe('2026-11-01T01:30:00.000-05:00');
    expect(DateTime.fromISO('2026-11-01', { zone: 'America/New_York' }).plus({ days: 1 }).toUTC().toISO()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('asks Intl once for an hour it has seen, not once per date', () => {
    const zone = 'Europe/Berlin';
    DateTime.fromISO('2031-05-04T10:00', { zone }); // that hour is now known
    const asked = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    for (let minute = 0; minute < 60; minute++) DateTime.fromObject({ year: 2031, month: 5, day: 4, hour: 10, minute }, { zone }).toISO();
    expect(asked).not.toHaveBeenCalled();
  });

  it('leaves an unknown zone invalid', () => {
    expect(DateTime.now().setZone('Mars/Olympus_Mons').isValid).toBe(false);
    expect(Number.isNaN(IANAZone.create('Mars/Olympus_Mons').offset(0))).toBe(true);
  });
});
