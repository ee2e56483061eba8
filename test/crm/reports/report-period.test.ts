import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import {
  daysOf, defaultPeriod, monthsOf, periodDays, periodRange, previousPeriod,
} from '../../../src/crm/reports/report-period.js';
import { formatPeriod } from '../../../src/handlers/common/format.js';

describe('report periods', () => {
  it('turns inclusive dates into a half-open range of instants in the user zone', () => {
    const october = periodRange({ start: '2026-10-01', end: '2026-10-31' }, 'America/New_York');
    expect(october.from).toBe('2026-10-01T04:00:00.000Z');
    // New York leaves daylight time on Nov 1 at 02:00, after local midnight: still -04:00.
    expect(october.to).toBe('2026-11-01T04:00:00.000Z');
    const november = periodRange({ start: '2026-11-01', end: '2026-11-30' }, 'America/New_York');
    expect(november.to).toBe('2026-12-01T05:00:00.000Z');
  });

  it('cuts at each zone’s own midnight, as luxon does, on 2000 random periods in zones with odd DST', () => {
    // Luxon's own answer as the reference: the first instant of the day in the zone.
    const midnight = (day: string, zone: string) => DateTime.fromISO(day, { zone }).startOf('day');
    // Havana and Santiago change clocks at midnight (a day without 00:00), Lord Howe by 30 minutes,
    // Chatham at +12:45; the same days in each zone, so each zone must get its own answer.
    const zones = ['America/Havana', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'Europe/London', 'UTC'];
    let seed = 7;
    const random = (n: number) => Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * n);
    for (let i = 0; i < 2000; i++) {
      const first = DateTime.utc(2019 + random(10), 1 + random(12), 1 + random(28));
      const period = { start: first.toISODate()!, end: first.plus({ days: random(70) }).toISODate()! };
      const zone = zones[i % zones.length]!;
      const range = periodRange(period, zone);
      const label = `${JSON.stringify(period)} ${zone}`;
      expect(range.from, label).toBe(midnight(period.start, zone).toUTC().toISO());
      const dayAfter = DateTime.fromISO(period.end, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
      expect(range.to, label).toBe(midnight(dayAfter, zone).toUTC().toISO());
    }
    // Havana skipped 00:00–01:00 on 8 March 2026: that day starts at 01:00 CDT.
    expect(periodRange({ start: '2026-03-08', end: '2026-03-08' }, 'America/Havana').from).toBe('2026-03-08T05:00:00.000Z');
    expect(periodRange({ start: '2026-03-08', end: '2026-03-08' }, 'UTC').from).toBe('2026-03-08T00:00:00.000Z');
    // Santiago skipped 00:00–01:00 on 6 September 2026. A period ending that day ends at 7
    // September 00:00 (-03:00). It used to end an hour late: the shifted start of the 6th plus a day.
    expect(periodRange({ start: '2026-09-01', end: '2026-09-06' }, 'America/Santiago').to).toBe('2026-09-07T03:00:00.000Z');
  });

  it('refuses impossible dates, reversed periods and unknown zones as user errors', () => {
    const attempts = [
      () => periodRange({ start: '2026-02-30', end: '2026-03-01' }, 'UTC'),
      () => periodRange({ start: '2026-11-30', end: '2026-11-01' }, 'UTC'),
      () => periodRange({ start: '2026-11-01', end: '2026-11-30' }, 'Mars/Olympus'),
      () => periodRange({ start: 'yesterday', end: '2026-11-30' }, 'UTC'),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow();
      try {
        attempt();
      } catch (error) {
        expect(isAppError(error, 'invalid')).toBe(true);
      }
    }
  });

  it('compares whole months with the months before and other periods with as many days before', () => {
    expect(previousPeriod({ start: '2026-11-01', end: '2026-11-30' })).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(previousPeriod({ start: '2026-03-01', end: '2026-03-31' })).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(previousPeriod({ start: '2026-10-01', end: '2026-12-31' })).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(previousPeriod({ start: '2026-01-01', end: '2026-12-31' })).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(previousPeriod({ start: '2026-10-20', end: '2026-11-18' })).toEqual({ start: '2026-09-20', end: '2026-10-19' });
    expect(previousPeriod({ start: '2026-11-16', end: '2026-11-22' })).toEqual({ start: '2026-11-09', end: '2026-11-15' });
    expect(periodDays({ start: '2026-10-20', end: '2026-11-18' })).toBe(30);
  });

  it('defaults to this month in the user zone, and to no period for the pipeline', () => {
    // 02:00 UTC on Nov 1 is still Oct 31 in New York.
    const now = new Date('2026-11-01T02:00:00Z');
    expect(defaultPeriod('revenue', now, 'America/New_York')).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(defaultPeriod('segments', now, 'UTC')).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(defaultPeriod('pipeline', now, 'UTC')).toBeUndefined();
  });

  it('lists every month a period touches', () => {
    expect(monthsOf({ start: '2026-09-15', end: '2026-11-02' })).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('counts days and months as luxon’s calendar does, on 3000 random periods from 1899 to 2101', () => {
    // The luxon formulations these replaced, kept as the reference.
    const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
    const luxonPrevious = (start: DateTime, end: DateTime) => {
      if (start.day === 1 && end.equals(end.endOf('month').startOf('day'))) {
        const months = Math.round(end.plus({ days: 1 }).diff(start, 'months').months);
        return { start: start.minus({ months }).toISODate(), end: start.minus({ days: 1 }).toISODate() };
      }
      const days = Math.round(end.diff(start, 'days').days) + 1;
      return { start: start.minus({ days }).toISODate(), end: start.minus({ days: 1 }).toISODate() };
    };
    let seed = 11;
    const random = (n: number) => Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * n);
    for (let i = 0; i < 3000; i++) {
      // Half of them whole months (a month, a quarter, a year...), where the comparison differs.
      const first = DateTime.utc(1899 + random(202), 1 + random(12), i % 2 ? 1 : 1 + random(28));
      const last = i % 2 ? first.plus({ months: 1 + random(14) }).minus({ days: 1 }) : first.plus({ days: random(800) });
      const period = { start: first.toISODate()!, end: last.toISODate()! };
      const start = utc(period.start);
      const end = utc(period.end);
      expect(periodDays(period), JSON.stringify(period)).toBe(Math.round(end.diff(start, 'days').days) + 1);
      expect(previousPeriod(period), JSON.stringify(period)).toEqual(luxonPrevious(start, end));
      const months: string[] = [];
      for (let m = start.startOf('month'); m <= end.startOf('month'); m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'));
      expect(monthsOf(period)).toEqual(months);
      if (i % 10 === 0) {
        const days: string[] = [];
        for (let d = start; d <= end; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
        expect(daysOf(period)).toEqual(days);
      }
      const format = (d: DateTime, pattern: string) => d.setLocale('en-US').toFormat(pattern);
      expect(formatPeriod(period)).toBe(
        start.hasSame(end, 'year') ? `${format(start, 'd LLL')} – ${format(end, 'd LLL yyyy')}` : `${format(start, 'd LLL yyyy')} – ${format(end, 'd LLL yyyy')}`,
      );
    }
  });

  it('refuses a comparison period for a date that does not exist', () => {
    const error = (() => {
      try {
        previousPeriod({ start: '2026-02-30', end: '2026-03-31' });
      } catch (e) {
        return e;
      }
    })();
    expect(isAppError(error) && error.isUserError).toBe(true);
    expect((error as Error).message).toContain('"2026-02-30" is not a date I can report on');
  });
});
