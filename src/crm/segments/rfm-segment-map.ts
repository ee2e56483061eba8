/**
 * The RFM segment map: the common 5×5 grid of recency score (R) against the combined
 * frequency/monetary score (FM), as popularised by the "RFM segments" tables (Putler, the
 * regex map R×F used in many notebooks). We extend the usual 10-segment grid with "Lost" for the
 * bottom corner (R=1, FM=1) so "Hibernating" keeps the customers that still show some life.
 *
 *   R \ FM   1                2                    3                    4           5
 *   5        New              Potential Loyalists  Potential Loyalists  Champions   Champions
 *   4        Promising        Potential Loyalists  Potential Loyalists  Loyal       Loyal
 *   3        About to Sleep   About to Sleep       Need Attention       Loyal       Loyal
 *   2        Hibernating      Hibernating          At Risk              At Risk     Can't Lose Them
 *   1        Lost             Hibernating          At Risk              At Risk     Can't Lose Them
 *
 * Scores are quintiles 1–5 (5 = best: most recent, most orders, most revenue), see rfm-scores.ts.
 * FM = round half up of (F + M) / 2, so a customer who buys often but small (or rarely but big)
 * sits in the middle rather than being judged on one axis.
 */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalists',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export type RfmScore = 1 | 2 | 3 | 4 | 5;

/** Rows R = 5..1, columns FM = 1..5: the table in the comment above, verbatim. */
const GRID: readonly (readonly RfmSegment[])[] = [
  ['New', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
  ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal', 'Loyal'],
  ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal'],
  ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['Lost', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
];

/** (F + M) / 2 rounded half up; the SQL uses the same integer arithmetic: (f + m + 1) / 2. */
export function combinedFmScore(frequency: RfmScore, monetary: RfmScore): RfmScore {
  return Math.floor((frequency + monetary + 1) / 2) as RfmScore;
}

export function rfmSegment(recency: RfmScore, fm: RfmScore): RfmSegment {
  return GRID[5 - recency]![fm - 1]!;
}

/** All 25 cells as (r, fm, label): the SQL joins on this list so the grid lives in one place. */
export function rfmSegmentCells(): { r: RfmScore; fm: RfmScore; label: RfmSegment }[] {
  const cells: { r: RfmScore; fm: RfmScore; label: RfmSegment }[] = [];
  for (const r of [1, 2, 3, 4, 5] as const) {
    for (const fm of [1, 2, 3, 4, 5] as const) cells.push({ r, fm, label: rfmSegment(r, fm) });
  }
  return cells;
}
