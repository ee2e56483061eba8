import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import {
  defaultPeriod, monthsOf, periodDays, periodRange, previousPeriod,
} from '../../../src/crm/reports/report-period.js';

describe('report periods', () => {
  it('turns inclusive dates into a half-open range of instants in the user zone', () => {
    const october = periodRange({ start: '2026-10-01', end: '2026-10-31' }, 'America/New_York');
    expect(october.from).toBe('2026-10-01T04:00:00.000Z');
    // New York leaves daylight time on Nov 1 at 02:00, after local midnight: still -04:00.
    expect(october.to).toBe('2026-11-01T04:00:00.000Z');
    const november = periodRange({ start: '2026-11-01', end: '2026-11-30' }, 'America/New_York');
    expect(november.to).toBe('2026-12-01T05:00:00.000Z');
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
});
