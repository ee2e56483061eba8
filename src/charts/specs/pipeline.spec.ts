import type { PipelineCurrencyReport } from '../../crm/reports/pipeline.report.js';
import { MIN_CHART_POINTS, moneyLabel, plotNumber, type ChartRequest } from '../chart-request.js';
import { MONEY_AXIS_FORMAT } from '../theme.js';

export interface PipelineChartInput {
  title: string;
  /** One currency's stages: amounts in different currencies are never drawn on one axis. */
  pipeline: PipelineCurrencyReport;
  /** Set when other currencies were left out of the chart, to say so in the subtitle. */
  otherCurrencies?: readonly string[];
}

const MEASURE_COLORS = { Amount: '#a9c6e6', Weighted: '#2f5f8f' } as const;

/**
 * The open pipeline as a funnel: one row per stage from lead (top) to negotiation (bottom), a
 * light bar for the amount and a dark one for the weighted amount beside it, deal counts in the
 * stage labels so the shape reads without the table.
 */
export function pipelineChart(input: PipelineChartInput): ChartRequest | undefined {
  const { pipeline, otherCurrencies = [] } = input;
  const currency = pipeline.currency;
  if (pipeline.stages.filter((s) => s.deals > 0).length < MIN_CHART_POINTS) return undefined;
  const stageLabel = (stage: string, deals: number) =>
    `${stage.charAt(0).toUpperCase()}${stage.slice(1)} (${deals} ${deals === 1 ? 'deal' : 'deals'})`;
  const order = pipeline.stages.map((s) => stageLabel(s.stage, s.deals));
  const values = pipeline.stages.flatMap((s) => {
    const stage = stageLabel(s.stage, s.deals);
    return [
      { stage, measure: 'Amount', value: plotNumber(s.amount), label: moneyLabel(plotNumber(s.amount), currency) },
      { stage, measure: 'Weighted', value: plotNumber(s.weightedAmount), label: moneyLabel(plotNumber(s.weightedAmount), currency) },
    ];
  });
  const others = otherCurrencies.length > 0 ? ` · ${otherCurrencies.join(', ')} deals not shown` : '';
  const y = { field: 'stage', type: 'nominal' as const, sort: order, title: null };
  const yOffset = { field: 'measure', type: 'nominal' as const, sort: ['Amount', 'Weighted'] };
  const x = { field: 'value', type: 'quantitative' as const };
  return {
    title: input.title,
    alt: `Funnel of open deals by stage in ${currency}: `
      + pipeline.stages.map((s) => `${s.stage} ${s.deals} deals, ${moneyLabel(plotNumber(s.amount), currency)}`).join('; ') + '.',
    spec: {
      title: { text: input.title, subtitle: `Open deals by stage, amount and weighted (amount × stage probability), ${currency}${others}` },
      data: { values },
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y,
            yOffset,
            x: { ...x, title: `Amount (${currency})`, axis: { format: MONEY_AXIS_FORMAT, tickCount: 6 } },
            color: {
              field: 'measure', type: 'nominal', title: null,
              scale: { domain: Object.keys(MEASURE_COLORS), range: Object.values(MEASURE_COLORS) },
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 11, color: '#1f2933' },
          encoding: { y, yOffset, x, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  };
}
