// The report queries the `report` intent handler calls: one function per report kind
// (`segments` lives with the segments domain). Each takes (db, params) and returns plain data.
export { activitiesReport, type ActivitiesReport, type ActivitiesReportParams } from './activities.report.js';
export { pipelineReport, type PipelineParams, type PipelineReport } from './pipeline.report.js';
export { defaultPeriod, previousPeriod, periodRange, type ReportPeriod } from './report-period.js';
export { revenueReport, type RevenueReport, type RevenueReportParams } from './revenue.report.js';
export { ticketsReport, type TicketsReport, type TicketsReportParams } from './tickets.report.js';
export { topCustomersReport, type TopCustomersParams, type TopCustomersReport } from './top-customers.report.js';
export { segmentsReport, type SegmentsReport, type SegmentsReportParams } from '../segments/segments.report.js';
export {
  compareSegmentSnapshots, latestSegmentFor, saveSegmentSnapshot,
} from '../segments/segment-snapshot.js';
