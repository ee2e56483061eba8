/** The TS scorer must judge exactly like /work/shared/eval/score.py. */
import { describe, expect, it } from 'vitest';
import { normName, scoreCases, slotOk, formatScore } from '../../src/intents/score.js';

describe('scorer compatible with score.py', () => {
  it('normalises names: case, punctuation, company suffixes, leading "the"', () => {
    expect(normName('The Acme Corp.')).toBe('acme');
    expect(normName('Wide-World Importers, Inc')).toBe('wideworldimporters');
    expect(normName('Fabrikam GmbH')).toBe('fabrikam');
  });
  it('treats key~ as contains, phone by trailing digits, numbers numerically, dicts field by field', () => {
    expect(slotOk('summary~', 'volume discounts', { summary: 'Asked about Volume-Discounts!' })).toBe(true);
    expect(slotOk('summary~', 'x', {})).toBe(false);
    expect(slotOk('phone', '2065550142', { phone: '+1 (206) 555-0142' })).toBe(true);
    expect(slotOk('amount', 75000, { amount: '75000' })).toBe(true);
    expect(slotOk('amount', 75000, { amount: 75001 })).toBe(false);
    expect(slotOk('period', { start: '2026-10-01', end: '2026-12-31' }, { period: { start: '2026-10-01', end: '2026-12-31' } })).toBe(true);
    expect(slotOk('period', { start: '2026-10-01' }, { period: '2026-10-01' })).toBe(false);
  });
  it('counts intent and frame accuracy and reports misses', () => {
    const s = scoreCases(
      [
        { text: 'a', intent: 'help', slots: {} },
        { text: 'b', intent: 'show_ticket', slots: { ticket: 5 } },
        { text: 'c', intent: 'unknown', slots: {} },
      ],
      [{ intent: 'help', slots: {} }, { intent: 'show_ticket', slots: { ticket: 6 } }, { intent: 'help', slots: {} }],
    );
    expect([s.intentOk, s.frameOk, s.misses.length]).toEqual([2, 1, 2]);
    expect(formatScore(s)).toBe('intent 66.7% frame 33.3% of 3');
  });
});
