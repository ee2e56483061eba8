// Support tickets and their comment threads. Status follows age (old tickets are closed, recent
// ones open or pending) and the timestamps always agree with the status: resolved_at only when
// resolved or closed, closed_at only when closed, nothing after `now`.
import type { PlannedCustomer, SeedContext, SeedMix } from './context.js';
import { DAY_MS, HOUR_MS, addMs, duringWorkingHours, maxDate, type Rng } from './random.js';
import { TICKET_COMMENTS, TICKET_DESCRIPTIONS, TICKET_SUBJECTS, capitalise, fill } from './texts.js';

type Status = 'open' | 'pending' | 'resolved' | 'closed';
type Priority = 'low' | 'normal' | 'high' | 'urgent';

const SLA_HOURS: Record<Priority, number> = { urgent: 4, high: 8, normal: 24, low: 72 };
const RESOLVE_HOURS: Record<Priority, readonly [number, number]> = { urgent: [1, 8], high: [2, 24], normal: [4, 72], low: [24, 240] };

function ticketCount(mix: SeedMix, customer: PlannedCustomer, rng: Rng): number {
  if (customer.lifecycle === 'lead' || customer.lifecycle === 'prospect') return 0;
  if (customer.tier === 'whale') return rng.int(...mix.whaleTickets);
  if (customer.tier === 'regular') return rng.weighted(mix.regularTickets);
  return rng.chance(mix.smallTicketChance) ? 1 : 0;
}

function statusForAge(rng: Rng, ageDays: number): Status {
  if (ageDays > 14) return rng.weighted<Status>([['closed', 75], ['resolved', 15], ['pending', 5], ['open', 5]]);
  return rng.weighted<Status>([['open', 35], ['pending', 25], ['resolved', 25], ['closed', 15]]);
}

export function seedTickets(ctx: SeedContext, customer: PlannedCustomer): void {
  const rng = customer.rng('tickets');
  const count = ticketCount(ctx.mix, customer, rng);
  const start = maxDate(customer.createdAt, ctx.yearAgo);
  const end = customer.lapsedDays > 0 ? addMs(ctx.now, -(customer.lapsedDays - 20) * DAY_MS) : ctx.now;
  for (let i = 0; i < count; i++) {
    writeTicket(ctx, customer, rng, duringWorkingHours(rng, rng.recentBetween(start, end), customer.owner.timeZone, start, end));
  }
  // The docs' customers always have something open to talk about.
  if (customer.wellKnown) writeTicket(ctx, customer, rng, rng.between(addMs(ctx.now, -6 * DAY_MS), addMs(ctx.now, -HOUR_MS)), 'open');
}

function writeTicket(ctx: SeedContext, customer: PlannedCustomer, rng: Rng, createdAt: Date, forced?: Status): void {
  const priority = rng.weighted<Priority>([['low', 20], ['normal', 50], ['high', 22], ['urgent', 8]]);
  let status = forced ?? statusForAge(rng, (ctx.now.getTime() - createdAt.getTime()) / DAY_MS);
  let resolvedAt: Date | null = null;
  let closedAt: Date | null = null;
  if (status === 'resolved' || status === 'closed') {
    const [min, max] = RESOLVE_HOURS[priority];
    resolvedAt = addMs(createdAt, rng.int(min * 60, max * 60) * 60_000);
    if (resolvedAt > ctx.now) {
      // Not solved yet after all: the times decide, and the status follows them.
      status = 'pending';
      resolvedAt = null;
    } else if (status === 'closed') {
      closedAt = addMs(resolvedAt, rng.int(1, 7) * DAY_MS);
      if (closedAt > ctx.now) {
        status = 'resolved';
        closedAt = null;
      }
    }
  }
  const open = status === 'open' || status === 'pending';
  const assignee = open && rng.chance(0.15) ? null : rng.pick(ctx.support);
  const contact = rng.pick(customer.contacts);
  const text = { company: customer.name, contact: contact.name };
  const id = ctx.ids.next('tickets');

  // 0–4 comments between creation and resolution (or now), in time order; the last one of a
  // resolved ticket is the status change itself.
  const times = Array.from({ length: rng.weighted([[0, 25], [1, 30], [2, 25], [3, 12], [4, 8]] as const) }, () =>
    rng.between(createdAt, resolvedAt ?? ctx.now),
  ).sort((a, b) => a.getTime() - b.getTime());
  for (const [n, at] of times.entries()) {
    const isChange = resolvedAt !== null && n === times.length - 1;
    ctx.writer.push('ticket_comments', {
      id: ctx.ids.next('ticket_comments'),
      ticket_id: id,
      author_id: (assignee ?? rng.pick(ctx.support)).id,
      kind: isChange ? 'change' : 'comment',
      body: isChange ? `Status changed from ${rng.pick(['open', 'pending'])} to resolved.` : capitalise(fill(rng, rng.pick(TICKET_COMMENTS), text)),
      created_at: isChange ? resolvedAt! : at,
    });
  }

  ctx.writer.push('tickets', {
    id,
    number: ctx.ids.next('ticket_number'),
    customer_id: customer.id,
    subject: fill(rng, rng.pick(TICKET_SUBJECTS), text),
    description: fill(rng, rng.pick(TICKET_DESCRIPTIONS), text),
    status,
    priority,
    assignee_id: assignee?.id ?? null,
    // Half the tickets were logged by the account owner on the customer's behalf.
    requester_id: rng.chance(0.5) ? customer.owner.id : (assignee ?? rng.pick(ctx.support)).id,
    sla_due_at: addMs(createdAt, SLA_HOURS[priority] * HOUR_MS),
    created_at: createdAt,
    updated_at: maxDate(times.at(-1) ?? createdAt, closedAt ?? resolvedAt ?? createdAt),
    resolved_at: resolvedAt,
    closed_at: closedAt,
  });
}
