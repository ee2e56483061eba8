import { beforeEach, describe, expect, it } from 'vitest';
import { activitiesReport } from '../../../src/crm/reports/activities.report.js';
import type { NewActivity } from '../../../src/crm/activities/activity.table.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addCustomer, addUser } from './report-fixtures.js';

const t = useTestDatabase();
const NY = 'America/New_York';
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
let ann: number;
let bob: number;

beforeEach(async () => {
  ann = await addUser(t.db, 'Ann');
  bob = await addUser(t.db, 'Bob');
  const acme = await addCustomer(t.db, 'Acme');
  const activity = (x: Omit<NewActivity, 'customer_id'>): NewActivity => ({ customer_id: acme, ...x });
  await t.db.insertInto('activities').values([
    activity({ kind: 'call', author_id: ann, occurred_at: '2026-11-02T15:00:00Z' }),
    activity({ kind: 'call', author_id: ann, occurred_at: '2026-11-30T23:00:00-05:00' }),
    activity({ kind: 'email', author_id: ann, occurred_at: '2026-11-05T15:00:00Z' }),
    activity({ kind: 'meeting', author_id: bob, occurred_at: '2026-11-06T15:00:00Z' }),
    activity({ kind: 'note', author_id: bob, occurred_at: '2026-11-07T15:00:00Z' }),
    activity({ kind: 'note', author_id: null, occurred_at: '2026-11-08T15:00:00Z' }),
    // October 31 in New York, and December 1 in New York: both outside.
    activity({ kind: 'call', author_id: ann, occurred_at: '2026-10-31T23:30:00-04:00' }),
    activity({ kind: 'call', author_id: bob, occurred_at: '2026-12-01T00:30:00-05:00' }),
  ]).execute();
});

describe('activities report', () => {
  it('counts activities by kind and by rep for the month in the user zone', async () => {
    const report = await activitiesReport(t.db, { period: NOVEMBER, timeZone: NY });
    expect(report).toEqual({
      period: NOVEMBER,
      total: 6,
      byKind: { call: 2, meeting: 1, email: 1, note: 2 },
      byAuthor: [
        { authorId: ann, authorName: 'Ann', total: 3, byKind: { call: 2, meeting: 0, email: 1, note: 0 } },
        { authorId: bob, authorName: 'Bob', total: 2, byKind: { call: 0, meeting: 1, email: 0, note: 1 } },
        { authorId: null, authorName: null, total: 1, byKind: { call: 0, meeting: 0, email: 0, note: 1 } },
      ],
    });
  });

  it('limits to one rep', async () => {
    const report = await activitiesReport(t.db, { period: NOVEMBER, timeZone: NY, ownerId: bob });
    expect(report.total).toBe(2);
    expect(report.byKind).toEqual({ call: 0, meeting: 1, email: 0, note: 1 });
    expect(report.byAuthor.map((a) => a.authorName)).toEqual(['Bob']);
  });
});
