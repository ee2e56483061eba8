// Deals and their stage history. A deal walks lead → qualified → proposal → negotiation → won,
// or drops to lost from any open stage; the history rows are exactly that walk, so the current
// stage always equals the last history row and closed_at equals the final change.
import type { PlannedCustomer, SeedContext, SeedMix } from './context.js';
import { centsToMoney } from './orders.js';
import { DAY_MS, HOUR_MS, addMs, isoDate, maxDate, minDate, type Rng } from './random.js';

export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
type Stage = (typeof DEAL_STAGES)[number];
const OPEN_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;

function dealStages(mix: SeedMix, customer: PlannedCustomer, rng: Rng): Stage[] {
  const one = (weights: [Stage, number][]) => [rng.weighted(weights)];
  switch (customer.lifecycle) {
    case 'lead':
      return rng.chance(mix.leadDealChance) ? one([['lead', 60], ['qualified', 30], ['lost', 10]]) : [];
    case 'prospect':
      return rng.chance(0.7) ? one([['qualified', 25], ['proposal', 30], ['negotiation', 25], ['lost', 20]]) : [];
    case 'churned':
      return rng.chance(0.4) ? one([['lost', 70], ['won', 30]]) : [];
    case 'customer': {
      const count = rng.weighted(mix.customerDeals);
      return Array.from({ length: count }, () =>
        rng.weighted<Stage>([['won', 50], ['negotiation', 10], ['proposal', 15], ['qualified', 10], ['lead', 5], ['lost', 10]]),
      );
    }
  }
}

/** The stages a deal passed through, ending at `stage`. */
function pathTo(stage: Stage, rng: Rng): Stage[] {
  if (stage === 'lost') return [...OPEN_STAGES.slice(0, rng.int(1, 4)), 'lost'];
  return [...DEAL_STAGES.slice(0, DEAL_STAGES.indexOf(stage) + 1)];
}

const TITLES = ['{company} — {plan} ({n} seats)', '{company} renewal {year}', '{company} expansion', '{company} onboarding services'];

export function seedDeals(ctx: SeedContext, customer: PlannedCustomer): void {
  const rng = customer.rng('deals');
  const stages = dealStages(ctx.mix, customer, rng);
  // The docs' customers each have an open deal, in a different stage so examples vary.
  if (customer.wellKnown) stages.push(OPEN_STAGES[customer.index % OPEN_STAGES.length]!);
  for (const stage of stages) writeDeal(ctx, customer, rng, stage);
}

function writeDeal(ctx: SeedContext, customer: PlannedCustomer, rng: Rng, stage: Stage): void {
  const closed = stage === 'won' || stage === 'lost';
  const earliest = maxDate(customer.createdAt, ctx.yearAgo);
  const createdAt = closed
    ? rng.between(earliest, addMs(ctx.now, -20 * DAY_MS))
    : rng.between(maxDate(customer.createdAt, addMs(ctx.now, -200 * DAY_MS)), addMs(ctx.now, -2 * DAY_MS));
  const path = pathTo(stage, rng);
  // Each move happens a few days to a few weeks after the previous one, never after now.
  const changes: Date[] = [createdAt];
  for (let i = 1; i < path.length; i++) {
    const next = addMs(changes[i - 1]!, rng.int(2, 25) * DAY_MS + rng.int(0, 10) * HOUR_MS);
    changes.push(minDate(next, addMs(ctx.now, -(path.length - i) * HOUR_MS)));
  }
  for (let i = 1; i < changes.length; i++) changes[i] = maxDate(changes[i]!, changes[i - 1]!);
  const lastChange = changes.at(-1)!;

  const id = ctx.ids.next('deals');
  const plan = rng.weighted([['Pro Plan', 5], ['Enterprise Plan', 3], ['Starter Plan', 2]] as const);
  const seats = customer.tier === 'whale' ? rng.int(50, 400) : rng.int(5, 80);
  const perSeat = { 'Starter Plan': 240_00, 'Pro Plan': 588_00, 'Enterprise Plan': 1188_00 }[plan];
  // Rounded to $100: deal amounts are estimates, not invoices.
  const amountCents = Math.round((seats * perSeat) / 10_000) * 10_000;
  const title = rng
    .pick(TITLES)
    .replace('{company}', customer.name)
    .replace('{plan}', plan)
    .replace('{n}', String(seats))
    .replace('{year}', String(ctx.now.getUTCFullYear() + 1));
  // Open deals expect to close in the coming weeks; a few are already past their date (stale).
  const closeDate = closed
    ? isoDate(lastChange)
    : isoDate(addMs(ctx.now, (rng.chance(0.1) ? -rng.int(1, 20) : rng.int(5, 90)) * DAY_MS));

  ctx.writer.push('deals', {
    id, customer_id: customer.id, title: title.slice(0, 200), amount: centsToMoney(amountCents), currency: 'USD', stage,
    owner_id: customer.owner.id, close_date: closeDate, closed_at: closed ? lastChange : null,
    created_at: createdAt, updated_at: lastChange,
  });
  path.forEach((to, i) => {
    ctx.writer.push('deal_stage_history', {
      id: ctx.ids.next('deal_stage_history'), deal_id: id, from_stage: i === 0 ? null : path[i - 1]!, to_stage: to,
      changed_by: customer.owner.id, changed_at: changes[i]!,
    });
  });
}
