/** Date and period resolution in the user's zone, with Monday weeks and DST boundaries. */
import { describe, expect, it } from 'vitest';
import { findDate } from '../../src/intents/dates.js';
import { findPeriod } from '../../src/intents/periods.js';
import { makeTimeContext } from '../../src/intents/time-context.js';
import { parseMessage } from '../../src/intents/parse.js';

const at = (iso: string, tz: string) => makeTimeContext(new Date(iso), tz);
const date = (text: string, iso: string, tz: string) => findDate(text, at(iso, tz))?.value;
const period = (text: string, iso: string, tz: string) => findPeriod(text, at(iso, tz))?.period;

// Wed 2026-11-18 10:00 in New York.
const NOW = '2026-11-18T15:00:00Z';
const NY = 'America/New_York';

describe('single dates relative to --now in --tz', () => {
  it.each([
    ['tomorrow', '2026-11-19'],
    ['today', '2026-11-18'],
    ['the day after tomorrow', '2026-11-20'],
    ['Thursday', '2026-11-19'],
    ['this Thursday', '2026-11-19'],
    ['next Thursday', '2026-11-26'],
    ['Wednesday', '2026-11-25'],
    ['next Wednesday', '2026-11-25'],
    ['Sunday', '2026-11-22'],
    ['next Sunday', '2026-11-29'],
    ['on fri', '2026-11-20'],
    ['in 5 days', '2026-11-23'],
    ['in two weeks', '2026-12-02'],
    ['in 3 months', '2027-02-18'],
    ['3 days from now', '2026-11-21'],
    ['in 2 business days', '2026-11-20'],
    ['end of month', '2026-11-30'],
    ['end of quarter', '2026-12-31'],
    ['end of next month', '2026-12-31'],
    ['next week', '2026-11-23'],
    ['next month', '2026-12-01'],
    ['Dec 20', '2026-12-20'],
    ['December 3rd', '2026-12-03'],
    ['Jan 5', '2027-01-05'],
    ['2027-03-01', '2027-03-01'],
    ['tomorrow at 3pm', '2026-11-19T15:00:00-05:00'],
    ['at 3pm on Friday', '2026-11-20T15:00:00-05:00'],
    ['Friday 9:30am', '2026-11-20T09:30:00-05:00'],
    ['in 30 minutes', '2026-11-18T10:30:00-05:00'],
    ['in 2 hours', '2026-11-18T12:00:00-05:00'],
    ['at 4pm', '2026-11-18T16:00:00-05:00'],
    ['at 9am', '2026-11-19T09:00:00-05:00'],
    ['tomorrow at noon', '2026-11-19T12:00:00-05:00'],
  ])('%s → %s', (text, want) => expect(date(text, NOW, NY)).toBe(want));

  it('"<weekday>" is the next such day after today; "next <weekday>" is that day in next week', () => {
    // Monday 2026-11-16 10:00 local.
    const mon = '2026-11-16T15:00:00Z';
    expect(date('Tuesday', mon, NY)).toBe('2026-11-17');
    expect(date('next Tuesday', mon, NY)).toBe('2026-11-24');
    expect(date('Monday', mon, NY)).toBe('2026-11-23');
    // On a Sunday, next week starts tomorrow (weeks start Monday).
    const sun = '2026-11-22T15:00:00Z';
    expect(date('Monday', sun, NY)).toBe('2026-11-23');
    expect(date('next Monday', sun, NY)).toBe('2026-11-23');
    expect(date('next Sunday', sun, NY)).toBe('2026-11-29');
  });

  it('uses the local calendar day, not the UTC one', () => {
    // 03:00Z on the 19th is still the 18th (22:00) in New York and already the 19th in Tokyo.
    expect(date('today', '2026-11-19T03:00:00Z', NY)).toBe('2026-11-18');
    expect(date('tomorrow', '2026-11-19T03:00:00Z', NY)).toBe('2026-11-19');
    expect(date('tomorrow', '2026-11-19T03:00:00Z', 'Asia/Tokyo')).toBe('2026-11-20');
  });

  it('handles the New York DST change on 2026-11-01', () => {
    const sat = '2026-10-31T16:00:00Z'; // Sat 12:00 EDT
    expect(date('tomorrow at 3pm', sat, NY)).toBe('2026-11-01T15:00:00-05:00');
    expect(date('in 2 hours', sat, NY)).toBe('2026-10-31T14:00:00-04:00');
    expect(date('in 24 hours', sat, NY)).toBe('2026-11-01T11:00:00-05:00');
    expect(date('in 1 day', sat, NY)).toBe('2026-11-01');
  });

  it('handles the Berlin DST change on 2026-10-25', () => {
    const sat = '2026-10-24T10:00:00Z'; // Sat 12:00 CEST
    expect(date('tomorrow at 9am', sat, 'Europe/Berlin')).toBe('2026-10-25T09:00:00+01:00');
    expect(date('today at 5pm', sat, 'Europe/Berlin')).toBe('2026-10-24T17:00:00+02:00');
    expect(period('this week', sat, 'Europe/Berlin')).toEqual({ start: '2026-10-19', end: '2026-10-25' });
  });
});

describe('report periods', () => {
  it.each([
    ['this week', { start: '2026-11-16', end: '2026-11-22' }],
    ['last week', { start: '2026-11-09', end: '2026-11-15' }],
    ['this month', { start: '2026-11-01', end: '2026-11-30' }],
    ['last month', { start: '2026-10-01', end: '2026-10-31' }],
    ['this quarter', { start: '2026-10-01', end: '2026-12-31' }],
    ['last quarter', { start: '2026-07-01', end: '2026-09-30' }],
    ['this year', { start: '2026-01-01', end: '2026-12-31' }],
    ['last year', { start: '2025-01-01', end: '2025-12-31' }],
    ['Q3', { start: '2026-07-01', end: '2026-09-30' }],
    ['Q1 2025', { start: '2025-01-01', end: '2025-03-31' }],
    ['2025 Q4', { start: '2025-10-01', end: '2025-12-31' }],
    ['the second quarter', { start: '2026-04-01', end: '2026-06-30' }],
    ['October', { start: '2026-10-01', end: '2026-10-31' }],
    ['in February 2025', { start: '2025-02-01', end: '2025-02-28' }],
    ['2025', { start: '2025-01-01', end: '2025-12-31' }],
    ['last 30 days', { start: '2026-10-20', end: '2026-11-18' }],
    ['past 7 days', { start: '2026-11-12', end: '2026-11-18' }],
    ['last 2 weeks', { start: '2026-11-05', end: '2026-11-18' }],
    ['YTD', { start: '2026-01-01', end: '2026-11-18' }],
    ['year to date', { start: '2026-01-01', end: '2026-11-18' }],
    ['H1', { start: '2026-01-01', end: '2026-06-30' }],
    ['today', { start: '2026-11-18', end: '2026-11-18' }],
  ])('%s', (text, want) => expect(period(text, NOW, NY)).toEqual(want));

  it('"this week" on a Sunday is the week that started on Monday', () => {
    expect(period('this week', '2026-11-22T15:00:00Z', NY)).toEqual({ start: '2026-11-16', end: '2026-11-22' });
  });

  it('resolves report periods end to end through the parser', () => {
    const r = parseMessage('revenue Q3', { now: new Date(NOW), tz: NY }).intent;
    expect(r).toEqual({ intent: 'report', slots: { report: 'revenue', period: { start: '2026-07-01', end: '2026-09-30' } } });
  });
});
