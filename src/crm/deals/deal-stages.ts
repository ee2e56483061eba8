import { sql, type RawBuilder } from 'kysely';
import { DEAL_STAGES, type DealStage } from '../../intents/catalog.js';

/** Chance of closing by stage, in percent: the weights of the weighted pipeline. */
export const STAGE_PROBABILITY: Readonly<Record<DealStage, number>> = {
  lead: 10,
  qualified: 25,
  proposal: 50,
  negotiation: 75,
  won: 100,
  lost: 0,
};

export const CLOSED_STAGES = ['won', 'lost'] as const satisfies readonly DealStage[];
export const OPEN_STAGES = DEAL_STAGES.filter((s) => !isClosedStage(s));

export function isClosedStage(stage: DealStage): boolean {
  return (CLOSED_STAGES as readonly DealStage[]).includes(stage);
}

/**
 * The stage's probability as a SQL expression (a percent), so weighted sums stay in SQL numeric
 * and exact. `table` is the alias the deals table has in the query.
 */
export function stageProbabilitySql(table = 'deals'): RawBuilder<number> {
  const whens = sql.join(
    DEAL_STAGES.map((s) => sql`when ${sql.lit(s)} then ${sql.lit(STAGE_PROBABILITY[s])}`),
    sql` `,
  );
  return sql<number>`(case ${sql.ref(`${table}.stage`)} ${whens} else 0 end)`;
}
