import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/intents/parse.js';

const opts = { now: new Date('2026-11-18T15:00:00Z'), tz: 'America/New_York' };
const NOV = { start: '2026-11-01', end: '2026-11-30' };
const Y2026 = { start: '2026-01-01', end: '2026-12-31' };
const Q4 = { start: '2026-10-01', end: '2026-12-31' };

const parsed = (text: string) => {
  const { intent } = parseMessage(text, opts);
  // Undefined slots are left out, as the dispatcher and the eval scorer see them.
  return intent.intent === 'report'
    ? { intent: intent.intent, slots: Object.fromEntries(Object.entries(intent.slots).filter(([, v]) => v !== undefined)) }
    : intent;
};

describe('segments by behavioural cluster', () => {
  it.each([
    ['report segments by cluster', { report: 'segments', group_by: 'cluster' }],
    ['segments by cluster', { report: 'segments', group_by: 'cluster' }],
    ['segments by cluster this year', { report: 'segments', group_by: 'cluster', period: Y2026 }],
    ['cluster the customers', { report: 'segments', group_by: 'cluster' }],
    ['customer clusters this year', { report: 'segments', group_by: 'cluster', period: Y2026 }],
    ['show me customer clusters for this month', { report: 'segments', group_by: 'cluster', period: NOV }],
  ])('reads “%s” as the segments report grouped by cluster', (text, slots) => {
    expect(parsed(text)).toEqual({ intent: 'report', slots });
  });
});

describe('fastest-growing segment', () => {
  it.each([
    ['which segment is growing fastest', { report: 'segments', sort: 'growth' }],
    ['which segment is growing fastest this quarter', { report: 'segments', sort: 'growth', period: Q4 }],
    ['fastest growing segment', { report: 'segments', sort: 'growth' }],
    ['fastest-growing segments this month', { report: 'segments', sort: 'growth', period: NOV }],
    ['which segments grew the most this quarter', { report: 'segments', sort: 'growth', period: Q4 }],
  ])('reads “%s” as the segments report sorted by growth', (text, slots) => {
    expect(parsed(text)).toEqual({ intent: 'report', slots });
  });

  it('leaves the plain segments report and revenue by segment as they were', () => {
    expect(parsed('top segment this month')).toEqual({ intent: 'report', slots: { report: 'segments', period: NOV } });
    expect(parsed('revenue by segment this year')).toEqual({ intent: 'report', slots: { report: 'revenue', group_by: 'segment', period: Y2026 } });
  });
});
