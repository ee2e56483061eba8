import { describe, expect, it } from 'vitest';
import {
  addMoney, capRows, changeCell, changeWords, countChangePct, isRunning, percentCell, reportTitle, zoneName,
} from '../../../src/handlers/reports/report-format.js';

describe('report cells', () => {
  it('shows change as an arrow and a percent, or a dash when there is nothing to compare', () => {
    expect(changeCell('12.4')).toBe('▲ 12.4%');
    expect(changeCell('-3.0')).toBe('▼ 3.0%');
    expect(changeCell('0.0')).toBe('0.0%');
    expect(changeCell(null)).toBe('—');
    expect(percentCell(null)).toBe('—');
    expect(percentCell('44.5')).toBe('44.5%');
  });

  it('puts the change in words for a headline', () => {
    expect(changeWords('12.4')).toBe('up 12.4% on the previous period');
    expect(changeWords('-3.0')).toBe('down 3.0% on the previous period');
    expect(changeWords(null)).toBe('nothing in the previous period to compare with');
  });

  it('computes count changes in tenths of a percent', () => {
    expect(countChangePct(85, 163)).toBe('-47.9');
    expect(countChangePct(3, 2)).toBe('50.0');
    expect(countChangePct(3, 0)).toBeNull();
  });

  it('adds money strings exactly, negatives included', () => {
    expect(addMoney(['0.10', '0.20'])).toBe('0.30');
    expect(addMoney(['1000000000.99', '0.01', '-0.5'])).toBe('1000000000.50');
    expect(addMoney([])).toBe('0.00');
  });

  it('caps tables at 25 rows and says how many were left out', () => {
    const rows = Array.from({ length: 30 }, (_, i) => i);
    expect(capRows(rows, 'reps')).toEqual({ shown: rows.slice(0, 25), note: 'Showing the first 25 of 30 reps; 5 left out.' });
    expect(capRows(rows.slice(0, 25), 'reps')).toEqual({ shown: rows.slice(0, 25) });
  });

  it('titles reports with the owner and the period', () => {
    expect(reportTitle('Revenue', { start: '2026-11-01', end: '2026-11-30' })).toBe('Revenue · 1 Nov – 30 Nov 2026');
    expect(reportTitle('Tickets', { start: '2026-12-29', end: '2027-01-04' }, { id: 1, name: 'Tom Alvarez' }))
      .toBe('Tickets · Tom Alvarez · 29 Dec 2026 – 4 Jan 2027');
    expect(zoneName('America/New_York')).toBe('New York time');
    expect(zoneName('UTC')).toBe('UTC');
  });

  it('knows a period is still running on the user’s calendar day', () => {
    const november = { start: '2026-11-01', end: '2026-11-30' };
    expect(isRunning(november, new Date('2026-11-18T15:00:00Z'), 'America/New_York')).toBe(true);
    // 1 Dec 02:00 UTC is still 30 Nov in New York.
    expect(isRunning(november, new Date('2026-12-01T02:00:00Z'), 'America/New_York')).toBe(true);
    expect(isRunning(november, new Date('2026-12-01T02:00:00Z'), 'UTC')).toBe(false);
  });
});
