/**
 * Generalisation check: hand-written phrasings that are not in the eval sample, scored with the
 * same rules as score.py, plus the sample itself through the TS scorer.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/intents/parse.js';
import { scoreCases, type LabelledCase } from '../../src/intents/score.js';
import { loadCases } from '../../src/cli/commands/eval.js';
import { ACTIVITIES, HELP_LOOKUP_CUSTOMER, REMINDERS } from './phrasings.a.js';
import { DEALS, ORDERS, REPORTS, TICKETS, UNKNOWN } from './phrasings.b.js';
import { HARDER } from './phrasings.c.js';
import { D_ACTIVITIES, D_CUSTOMERS, D_DEALS, D_ORDERS, D_REMINDERS, D_REPORTS, D_TICKETS, D_UNKNOWN } from './phrasings.d.js';
import { E_MIXED } from './phrasings.e.js';

const opts = { now: new Date('2026-11-18T15:00:00Z'), tz: 'America/New_York' };

function check(c: LabelledCase) {
  const got = parseMessage(c.text, opts).intent;
  const score = scoreCases([c], [got]);
  expect(score.misses.map((m) => m.detail)).toEqual([]);
}

const groups: Record<string, LabelledCase[]> = {
  'help, lookup and create customer': HELP_LOOKUP_CUSTOMER,
  'log activity (calls, meetings, emails, notes, follow-ups)': ACTIVITIES,
  'reminders (create with dates/times, list)': REMINDERS,
  'tickets (create, update, show, list)': TICKETS,
  'deals (create, update)': DEALS,
  'reports (kinds, periods, limits, owners, grouping)': REPORTS,
  'orders': ORDERS,
  'unknown and hostile input': UNKNOWN,
  'harder forms (name-first, mid-sentence, ranges, questions)': HARDER,
  'fresh set: help and customers': D_CUSTOMERS,
  'fresh set: activities (past-tense verbs, word order)': D_ACTIVITIES,
  'fresh set: tickets (numbers that are and are not tickets)': D_TICKETS,
  'fresh set: deals (word order, dates, stages)': D_DEALS,
  'fresh set: reports (informal questions, owners)': D_REPORTS,
  'fresh set: reminders': D_REMINDERS,
  'fresh set: orders': D_ORDERS,
  'fresh set: unknown and destructive': D_UNKNOWN,
  'second fresh round (mixed)': E_MIXED,
};

for (const [name, cases] of Object.entries(groups)) {
  describe(`understands unseen phrasings: ${name}`, () => {
    it.each(cases.map((c) => [c.text, c] as const))('%s', (_text, c) => check(c));
  });
}

describe('the labelled eval sample', () => {
  // A copy of ../shared/eval/utterances.jsonl, kept in the repo so the check runs on any clone.
  const file = fileURLToPath(new URL('./fixtures/labelled-sample.jsonl', import.meta.url));
  it('scores at least 95% frame accuracy with the TS scorer', () => {
    const cases = loadCases(file);
    const outs = cases.map((c) => parseMessage(c.text, { now: new Date(c.now!), tz: c.tz! }).intent);
    const score = scoreCases(cases, outs);
    expect(score.frameOk / score.n, score.misses.map((m) => m.detail).join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
