import { withChart } from '../../charts/chart-block.js';
import { pipelineChart } from '../../charts/specs/pipeline.spec.js';
import type { ReportPeriod } from '../../crm/reports/report-period.js';
import { pipelineReport, type PipelineCurrencyReport, type PipelineReport } from '../../crm/reports/pipeline.report.js';
import type { DbOrTx } from '../../db/database.js';
import { header, reply, table, text, type Block, type Reply } from '../../reply/reply.js';
import { capitalize, formatPeriod } from '../common/format.js';
import { contextLine, counted, countCell, emptyReport, left, moneyCell, percentCell, reportTitle, right, zoneName, type ReportScope } from './report-format.js';

export async function showPipeline(db: DbOrTx, period: ReportPeriod | undefined, scope: ReportScope): Promise<Reply> {
  const report = await pipelineReport(db, { period, timeZone: scope.timeZone, ownerId: scope.owner?.id });
  const r = renderPipeline(report, scope);
  // The chart draws the dominant currency (the first table); the others are named, never summed in.
  const [main, ...others] = report.currencies.filter((c) => c.open.deals + c.won.deals + c.lost.deals > 0);
  if (!main) return r;
  const chart = pipelineChart({ title: pipelineTitle(report, scope), pipeline: main, otherCurrencies: others.filter((c) => c.open.deals > 0).map((c) => c.currency) });
  return withChart(r, chart, scope.charts !== false);
}

const pipelineTitle = (report: PipelineReport, scope: ReportScope): string =>
  reportTitle(scope.owner ? `${scope.owner.name}’s pipeline` : 'Pipeline', report.period, undefined, 'all open deals');

/**
 * Open deals by stage in stage order with amount and weighted amount, then won/lost. One table
 * per currency, the dominant one first: amounts in different currencies are never added up.
 */
export function renderPipeline(report: PipelineReport, scope: ReportScope): Reply {
  const title = pipelineTitle(report, scope);
  const when = report.period ? `in ${formatPeriod(report.period)}` : 'so far';
  const notes = [
    report.period ? 'Open deals closing in the period; won and lost by the day they closed' : 'Every open deal whatever its close date; won and lost over all time',
    'weighted = amount × stage probability',
    report.period && `days in ${zoneName(scope.timeZone)}`,
    scope.groupBy && scope.groupBy !== 'stage' && `grouping by ${scope.groupBy} is not available for the pipeline, shown by stage`,
  ];
  const active = report.currencies.filter((c) => c.open.deals + c.won.deals + c.lost.deals > 0);
  const [main] = active;
  if (!main) {
    const scopeWords = report.period ? ` closing or closed in ${formatPeriod(report.period)}` : '';
    return emptyReport(title, `No deals${scopeWords}${scope.owner ? ` for ${scope.owner.name}` : ''} yet, so the pipeline is empty.`);
  }
  const blocks: Block[] = [header(title), text(headline(main, when))];
  if (active.length === 1) notes.unshift(`Amounts in ${main.currency}`);
  for (const block of active) blocks.push(stageTable(block, active.length > 1));
  const others = active.slice(1).map((c) => `${counted(c.open.deals, 'open deal')} in ${c.currency}`);
  blocks.push(contextLine(...notes, others.length > 0 && `also ${others.join(', ')} (separate tables, never added together)`));
  return reply(...blocks);
}

function headline(c: PipelineCurrencyReport, when: string): string {
  const open = c.open.deals === 0
    ? 'No open deals'
    : `${counted(c.open.deals, 'open deal')} worth ${moneyCell(c.open.amount, c.currency)}, ${moneyCell(c.open.weightedAmount, c.currency)} weighted`;
  const closed = c.won.deals + c.lost.deals === 0
    ? `nothing won or lost ${when}`
    : `${countCell(c.won.deals)} won (${moneyCell(c.won.amount, c.currency)}) and ${countCell(c.lost.deals)} lost ${when}, `
      + `a ${percentCell(c.winRatePct)} win rate`;
  return `${open}; ${closed}.`;
}

function stageTable(c: PipelineCurrencyReport, captioned: boolean): Block {
  const money = (amount: string) => moneyCell(amount, c.currency);
  const rows = [
    ...c.stages.map((s) => ({
      stage: capitalize(s.stage), probability: `${s.probabilityPct}%`, deals: countCell(s.deals), amount: money(s.amount), weighted: money(s.weightedAmount),
    })),
    { stage: 'Open total', probability: '', deals: countCell(c.open.deals), amount: money(c.open.amount), weighted: money(c.open.weightedAmount) },
    { stage: 'Won', probability: '', deals: countCell(c.won.deals), amount: money(c.won.amount), weighted: '' },
    { stage: 'Lost', probability: '', deals: countCell(c.lost.deals), amount: money(c.lost.amount), weighted: '' },
  ];
  return table(
    [left('stage', 'Stage'), right('probability', 'Probability'), right('deals', 'Deals'), right('amount', 'Amount'), right('weighted', 'Weighted')],
    rows,
    captioned ? `Amounts in ${c.currency}` : undefined,
  );
}
