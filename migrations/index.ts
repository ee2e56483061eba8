// The ordered list of migrations. Kysely's FileMigrationProvider cannot load .ts files under
// vitest, so migrations are imported statically; add new ones at the end.
import type { Migration } from 'kysely';
import * as initialSchema from './2026-11-22T00-00_initial-schema.js';
import * as jobs from './2026-11-22T02-00_jobs.js';
import * as coveringReportIndexes from './2026-11-22T02-30_covering-report-indexes.js';
import * as orderRevenueHourly from './2026-11-22T10-15_order-revenue-hourly.js';
import * as segmentSnapshots from './2026-11-22T10-30_segment-snapshots.js';
import * as automations from './2026-11-22T11-00_automations.js';
import * as nameWords from './2026-11-22T12-00_name-words.js';
import * as jobHandOff from './2026-11-22T12-30_job-hand-off.js';
import * as customerLookupIndexes from './2026-12-05T18-00_customer-lookup-indexes.js';
import * as customerExactName from './2026-12-06T04-30_customer-exact-name.js';
import * as activityCountsHourly from './2026-12-07T05-30_activity-counts-hourly.js';
import * as ticketResolutionIndex from './2026-12-07T05-45_ticket-resolution-index.js';

export const migrations: Record<string, Migration> = {
  '2026-11-22T00-00_initial-schema': initialSchema,
  '2026-11-22T02-00_jobs': jobs,
  '2026-11-22T02-30_covering-report-indexes': coveringReportIndexes,
  '2026-11-22T10-15_order-revenue-hourly': orderRevenueHourly,
  '2026-11-22T10-30_segment-snapshots': segmentSnapshots,
  '2026-11-22T11-00_automations': automations,
  '2026-11-22T12-00_name-words': nameWords,
  '2026-11-22T12-30_job-hand-off': jobHandOff,
  '2026-12-05T18-00_customer-lookup-indexes': customerLookupIndexes,
  '2026-12-06T04-30_customer-exact-name': customerExactName,
  '2026-12-07T05-30_activity-counts-hourly': activityCountsHourly,
  '2026-12-07T05-45_ticket-resolution-index': ticketResolutionIndex,
};
