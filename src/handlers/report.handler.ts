import { defaultPeriod } from '../crm/reports/report-period.js';
import { resolveUser } from '../crm/users/user.service.js';
import { reply, text, type Reply } from '../reply/reply.js';
import { defineHandler, type HandlerContext } from './handler.js';
import { showActivities } from './reports/activities.view.js';
import { showPipeline } from './reports/pipeline.view.js';
import type { ReportOwner, ReportScope } from './reports/report-format.js';
import { showRevenue } from './reports/revenue.view.js';
import { showSegments } from './reports/segments.view.js';
import { showTickets } from './reports/tickets.view.js';
import { showTopCustomers } from './reports/top-customers.view.js';

/**
 * Reports are reads: each view runs one report query and renders it. Who may see which report
 * was settled by the dispatcher's permission check before this runs; here the slots are turned
 * into a scope (period, owner, limit, grouping) and handed to the view for that kind.
 */
export const reportHandler = defineHandler({
  intent: 'report',
  writes: false,
  async handle(ctx, { slots }) {
    const owner = await resolveOwner(ctx, slots.owner);
    if (owner && 'reply' in owner) return { reply: owner.reply };
    const now = ctx.now();
    const scope: ReportScope = { timeZone: ctx.tz, now, owner, limit: slots.limit, groupBy: slots.group_by, charts: ctx.charts };
    const kind = slots.report;
    // The pipeline's default is "every open deal" (no period); every other kind defaults to this month.
    if (kind === 'pipeline') return { reply: await showPipeline(ctx.db, slots.period, scope) };
    const period = slots.period ?? defaultPeriod(kind, now, ctx.tz)!;
    switch (kind) {
      case 'revenue':
        return { reply: await showRevenue(ctx.db, period, scope) };
      case 'top_customers':
        return { reply: await showTopCustomers(ctx.db, period, scope) };
      case 'segments':
        return { reply: await showSegments(ctx.db, period, scope, slots.sort) };
      case 'tickets':
        return { reply: await showTickets(ctx.db, period, scope) };
      case 'activities':
        return { reply: await showActivities(ctx.db, period, scope) };
    }
  },
});

const SELF = /^(me|my|mine|myself|i)$/i;

/**
 * "me" is the asking user; a name must match one teammate. A near miss or several matches get a
 * short answer naming the candidates rather than a report about the wrong person.
 */
async function resolveOwner(ctx: HandlerContext, owner: string | undefined): Promise<ReportOwner | { reply: Reply } | undefined> {
  if (owner === undefined) return undefined;
  const name = owner.trim();
  if (SELF.test(name)) return { id: ctx.actor.id, name: ctx.actor.name };
  const found = await resolveUser(ctx.db, name);
  if (found.kind === 'match') return { id: found.user.id, name: found.user.name };
  const names = (found.kind === 'ambiguous' ? found.candidates : found.suggestions).map((c) => c.user.name);
  if (found.kind === 'ambiguous') {
    return { reply: reply(text(`“${name}” could be ${orList(names)}. Ask again with the full name, e.g. “pipeline for ${names[0]}”.`, 'warning')) };
  }
  const hint = names.length > 0 ? ` Did you mean ${orList(names)}?` : '';
  return { reply: reply(text(`I couldn’t find a teammate called “${name}”.${hint}`, 'warning')) };
}

function orList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
