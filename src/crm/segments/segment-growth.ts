import type { DbOrTx } from '../../db/database.js';
import { previousPeriod, type ReportPeriod } from '../reports/report-period.js';
import { currencyCode } from '../reports/report-sql.js';
import { compareSegmentSnapshots, ensureSegmentSnapshot, type SegmentGrowthRow } from './segment-snapshot.js';

export interface SegmentGrowthParams {
  period: ReportPeriod;
  timeZone: string;
  ownerId?: number;
  currency?: string;
}

export interface SegmentGrowthReport {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  currency: string;
  /** Fastest-growing first (see compareSegmentSnapshots). */
  segments: SegmentGrowthRow[];
}

/**
 * "Which segment is growing fastest": the period's stored RFM snapshot against the previous
 * period's, each scored on demand when missing or stale (the previous one in the same currency).
 */
export async function segmentGrowth(db: DbOrTx, params: SegmentGrowthParams): Promise<SegmentGrowthReport> {
  const prev = previousPeriod(params.period);
  const { currency } = await ensureSegmentSnapshot(db, {
    period: params.period, timeZone: params.timeZone, currency: currencyCode(params.currency),
  });
  await ensureSegmentSnapshot(db, { period: prev, timeZone: params.timeZone, currency });
  const segments = await compareSegmentSnapshots(db, { current: params.period, previous: prev, ownerId: params.ownerId });
  return { period: params.period, previousPeriod: prev, currency, segments };
}
