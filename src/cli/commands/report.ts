import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { settleCharts } from '../../charts/chart-block.js';
import { defaultPeriod, type ReportPeriod } from '../../crm/reports/report-period.js';
import { resolveUser } from '../../crm/users/user.service.js';
import type { DbOrTx } from '../../db/database.js';
import { showActivities } from '../../handlers/reports/activities.view.js';
import { showPipeline } from '../../handlers/reports/pipeline.view.js';
import type { ReportOwner, ReportScope } from '../../handlers/reports/report-format.js';
import { showRevenue } from '../../handlers/reports/revenue.view.js';
import { showSegments } from '../../handlers/reports/segments.view.js';
import { showTickets } from '../../handlers/reports/tickets.view.js';
import { showTopCustomers } from '../../handlers/reports/top-customers.view.js';
import { REPORT_GROUPS, REPORT_KINDS, type ReportKind } from '../../intents/catalog.js';
import { normalise } from '../../intents/normalise.js';
import { findPeriod } from '../../intents/periods.js';
import { makeTimeContext } from '../../intents/time-context.js';
import type { Block, Reply } from '../../reply/reply.js';
import { renderPlainText } from '../../reply/render-plain-text.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';
import { migrateToLatest } from '../../db/migrate.js';
import { withDatabase } from '../open-db.js';

const USAGE = 'rapport report <kind> [--period "last month" | 2026-10-01..2026-10-31] [--owner NAME] [--group-by owner|month|cluster]'
  + ' [--limit N] [--now ISO] [--tz ZONE] [--png out.png] [--data-dir DIR]';

const KIND_ALIASES: Record<string, ReportKind> = { 'top-customers': 'top_customers', top: 'top_customers', customers: 'top_customers', segment: 'segments', ticket: 'tickets' };

export interface ReportArgs {
  kind: ReportKind;
  period?: string;
  owner?: string;
  groupBy?: ReportScope['groupBy'];
  limit?: number;
  now: Date;
  timeZone: string;
  png?: string;
  dataDir?: string;
}

const cli = cliArgs(USAGE);

/** Flags as `rapport chat` takes them; anything unknown or malformed is a usage error (exit 2). */
export function parseReportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ReportArgs {
  const { values, positionals } = cli.parse(argv, {
    period: { type: 'string' }, owner: { type: 'string' }, 'group-by': { type: 'string' }, limit: { type: 'string' },
    now: { type: 'string' }, tz: { type: 'string' }, png: { type: 'string' }, 'data-dir': { type: 'string' },
  }, true);
  const [rawKind, ...extra] = positionals;
  if (!rawKind) throw cli.fail(`which report? one of ${REPORT_KINDS.join(', ')}`);
  if (extra.length > 0) throw cli.fail(`unexpected ${extra.join(' ')} (quote a multi-word period: --period "last month")`);
  const kindWord = rawKind.toLowerCase();
  const kind = (REPORT_KINDS as readonly string[]).includes(kindWord) ? (kindWord as ReportKind) : KIND_ALIASES[kindWord];
  if (!kind) throw cli.fail(`unknown report "${rawKind}": one of ${REPORT_KINDS.join(', ')}`);
  const groupBy = cli.oneOf('--group-by', values['group-by'], REPORT_GROUPS, true);
  const limit = cli.wholeNumber('--limit', values.limit, 1, 100);
  const timeZone = cli.zone('--tz', values.tz ?? env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const now = cli.instant('--now', values.now) ?? new Date();
  if (values.png !== undefined && !/\.png$/i.test(values.png)) throw cli.fail(`--png needs a file name ending in .png (got ${values.png})`);
  return {
    kind, period: values.period, owner: values.owner, groupBy, limit, now, timeZone,
    png: values.png, dataDir: values['data-dir'],
  };
}

const ISO_RANGE = /^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|\/|\s+to\s+)\s*(\d{4}-\d{2}-\d{2})\s*$/i;
// Words that may sit around a period in a flag value without changing it ("in October", "for last month").
const FILLER = /^\s*(?:in|for|during|over|of|the|,|\s)*\s*$/i;

/**
 * `2026-10-01..2026-10-31`, or the period words chat understands ("last month", "this quarter",
 * "Q3 2025", "ytd"), resolved in the reader's zone by the same code as the chat parser.
 */
export function parsePeriodArg(text: string, now: Date, timeZone: string): ReportPeriod {
  const range = ISO_RANGE.exec(text);
  if (range) {
    const [start, end] = [range[1]!, range[2]!];
    const valid = (d: string) => DateTime.fromISO(d, { zone: 'UTC' }).isValid;
    if (!valid(start) || !valid(end)) throw cli.fail(`--period ${text}: not a real calendar date`);
    if (end < start) throw cli.fail(`--period ${text}: it ends before it starts`);
    return { start, end };
  }
  const words = normalise(text);
  const hit = words ? findPeriod(words, makeTimeContext(now, timeZone)) : null;
  if (!hit || !FILLER.test(words.slice(0, hit.start) + words.slice(hit.end))) {
    throw cli.fail(`--period "${text}" is not a period I know: try "last month", "this quarter", "Q3 2026", "ytd" or 2026-10-01..2026-10-31`);
  }
  return hit.period;
}

async function resolveOwner(db: DbOrTx, name: string): Promise<ReportOwner> {
  const found = await resolveUser(db, name.trim());
  if (found.kind === 'match') return { id: found.user.id, name: found.user.name };
  const names = (found.kind === 'ambiguous' ? found.candidates : found.suggestions).map((c) => c.user.name);
  const hint = names.length > 0 ? `: ${found.kind === 'ambiguous' ? 'could be' : 'did you mean'} ${names.join(', ')}?` : '';
  throw new CliError(`--owner "${name}" matches no single teammate${hint}`, 2);
}

/** The same views the chat runs, with no permission check: whoever holds the database reads it all. */
export async function runReportView(db: DbOrTx, kind: ReportKind, period: ReportPeriod | undefined, scope: ReportScope): Promise<Reply> {
  if (kind === 'pipeline') return showPipeline(db, period, scope);
  const within = period ?? defaultPeriod(kind, scope.now, scope.timeZone)!;
  switch (kind) {
    case 'revenue':
      return showRevenue(db, within, scope);
    case 'top_customers':
      return showTopCustomers(db, within, scope);
    case 'segments':
      return showSegments(db, within, scope);
    case 'tickets':
      return showTickets(db, within, scope);
    case 'activities':
      return showActivities(db, within, scope);
  }
}

type ImageBlock = Extract<Block, { type: 'image' }>;

export async function runReport(argv: string[]): Promise<number> {
  const args = parseReportArgs(argv);
  // Parsed before the database opens: a mistyped period costs nothing and exits 2 at once.
  const period = args.period === undefined ? undefined : parsePeriodArg(args.period, args.now, args.timeZone);
  return withDatabase(async ({ db }) => {
    await migrateToLatest(db); // a fresh data folder (or an older schema) works too
    const owner = args.owner === undefined ? undefined : await resolveOwner(db, args.owner);
    const scope: ReportScope = { timeZone: args.timeZone, now: args.now, owner, limit: args.limit, groupBy: args.groupBy, charts: Boolean(args.png) };
    const r = await settleCharts(await runReportView(db, args.kind, period, scope));
    const image = r.blocks.find((b): b is ImageBlock => b.type === 'image' && b.png !== undefined);
    let code = 0;
    if (args.png && image?.png) {
      await mkdir(path.dirname(path.resolve(args.png)), { recursive: true });
      await writeFile(args.png, image.png);
      image.path = args.png;
    } else if (args.png) {
      console.error(`rapport: no chart written to ${args.png}: this report has too little data to plot (or the chart could not be drawn)`);
      code = 1;
    }
    process.stdout.write(`${renderPlainText(r)}\n`);
    return code;
  }, args.dataDir);
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'print a report (and --png a chart) from the command line',
  usage: `${USAGE}

  <kind>        ${REPORT_KINDS.join(', ')}
  --period P    the words chat takes ("last month", "this quarter", "Q3 2026", "ytd") or START..END dates;
                default: this month (pipeline: every open deal)
  --owner NAME  one teammate's customers, deals, tickets or activities
  --group-by G  month or owner (revenue), cluster (segments: behavioural clusters)
  --now, --tz   the "as of" instant and the zone days are counted in (default: now, $TZ or the system zone)
  --png FILE    also draw the chart (800×450, written at 2×); exit 1 when there is too little to plot`,
  run: runReport,
};
