import { beforeEach, describe, expect, it } from 'vitest';
import { ticketsReport } from '../../../src/crm/reports/tickets.report.js';
import type { NewTicket } from '../../../src/crm/tickets/ticket.table.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addUser } from './report-fixtures.js';

const t = useTestDatabase();
const NY = 'America/New_York';
const NOVEMBER = { start: '2026-11-01', end: '2026-11-30' };
const NOW = new Date('2026-11-18T15:00:00Z');
let ann: number;

beforeEach(async () => {
  ann = await addUser(t.db, 'Ann');
  const ticket = (x: Omit<NewTicket, 'subject'>): NewTicket => ({ subject: 'Help', ...x });
  await t.db.insertInto('tickets').values([
    // Resolved in 2 h, before its SLA.
    ticket({ priority: 'high', status: 'resolved', assignee_id: ann, created_at: '2026-11-02T10:00:00Z',
      resolved_at: '2026-11-02T12:00:00Z', sla_due_at: '2026-11-02T14:00:00Z' }),
    // Resolved in 10 h, after its SLA, then closed.
    ticket({ status: 'closed', created_at: '2026-11-03T00:00:00Z', resolved_at: '2026-11-03T10:00:00Z',
      closed_at: '2026-11-03T11:00:00Z', sla_due_at: '2026-11-03T08:00:00Z' }),
    ticket({ status: 'resolved', created_at: '2026-11-04T00:00:00Z', resolved_at: '2026-11-05T00:00:00Z' }),
    // Closed without a separate resolution: 5 h.
    ticket({ status: 'closed', created_at: '2026-11-06T00:00:00Z', closed_at: '2026-11-06T05:00:00Z' }),
    // Backlog: an urgent one opened in October and past its SLA now.
    ticket({ priority: 'urgent', status: 'open', assignee_id: ann, created_at: '2026-10-20T12:00:00Z',
      sla_due_at: '2026-11-01T12:00:00Z' }),
    ticket({ status: 'pending', created_at: '2026-11-10T12:00:00Z', sla_due_at: '2026-11-30T12:00:00Z' }),
    ticket({ priority: 'low', status: 'open', created_at: '2026-11-11T12:00:00Z' }),
    // Opened and resolved in October: outside the period.
    ticket({ status: 'resolved', created_at: '2026-10-01T12:00:00Z', resolved_at: '2026-10-02T12:00:00Z' }),
  ]).execute();
});

describe('tickets report', () => {
  it('counts opened and resolved tickets, the median time to resolve, SLA breaches and the backlog', async () => {
    const report = await ticketsReport(t.db, { period: NOVEMBER, timeZone: NY, now: NOW });
    expect(report).toEqual({
      period: NOVEMBER,
      opened: 6,
      resolved: 4,
      // 2, 5, 10 and 24 hours.
      medianHoursToResolve: 7.5,
      slaBreaches: { resolvedLate: 1, openOverdue: 1 },
      backlog: {
        total: 3,
        byPriority: [
          { priority: 'urgent', open: 1, pending: 0, overdue: 1 },
          { priority: 'high', open: 0, pending: 0, overdue: 0 },
          { priority: 'normal', open: 0, pending: 1, overdue: 0 },
          { priority: 'low', open: 1, pending: 0, overdue: 0 },
        ],
      },
    });
  });

  it('limits to one assignee', async () => {
    const report = await ticketsReport(t.db, { period: NOVEMBER, timeZone: NY, now: NOW, assigneeId: ann });
    expect(report.opened).toBe(1);
    expect(report.resolved).toBe(1);
    expect(report.medianHoursToResolve).toBe(2);
    expect(report.backlog.total).toBe(1);
    expect(report.slaBreaches).toEqual({ resolvedLate: 0, openOverdue: 1 });
  });

  it('has no median when nothing was resolved', async () => {
    const report = await ticketsReport(t.db, { period: { start: '2025-01-01', end: '2025-01-31' }, timeZone: NY, now: NOW });
    expect(report.opened).toBe(0);
    expect(report.resolved).toBe(0);
    expect(report.medianHoursToResolve).toBeNull();
    expect(report.backlog.total).toBe(3);
  });
});
