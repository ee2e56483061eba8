// A year of calls, meetings, emails and notes per customer. Busy accounts get more, churned ones
// go quiet after they lapse, and the dates lean recent, like a real pipeline.
import type { PlannedCustomer, SeedContext } from './context.js';
import { DAY_MS, addMs, duringWorkingHours, maxDate, minDate } from './random.js';
import { ACTIVITY_TEMPLATES, capitalise, fill, type ActivityKind } from './texts.js';

function activityCount(customer: PlannedCustomer, int: (a: number, b: number) => number): number {
  switch (customer.tier) {
    case 'whale': return int(25, 45);
    case 'regular': return customer.lifecycle === 'churned' ? int(3, 8) : int(9, 20);
    case 'small': return customer.lifecycle === 'churned' ? int(2, 6) : int(4, 10);
    default: return customer.lifecycle === 'prospect' ? int(3, 10) : int(1, 5);
  }
}

export function seedActivities(ctx: SeedContext, customer: PlannedCustomer): void {
  const rng = customer.rng('activities');
  const start = maxDate(customer.createdAt, ctx.yearAgo);
  // Churned accounts: contact fades out about a month after their last order.
  const end = customer.lapsedDays > 0 ? minDate(ctx.now, addMs(ctx.now, -(customer.lapsedDays - 30) * DAY_MS)) : ctx.now;
  const count = Math.round(activityCount(customer, (a, b) => rng.int(a, b)) * ctx.mix.activityFactor) + (customer.wellKnown ? 4 : 0);
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted<ActivityKind>([['email', 40], ['call', 25], ['meeting', 15], ['note', 20]]);
    // Notes are often about the account rather than a person: no contact_id, but the text may
    // still name someone.
    const contact = rng.pick(customer.contacts);
    const linked = !(kind === 'note' && rng.chance(0.5));
    // Support staff log some of the calls with paying customers; the account owner does the rest.
    const author = customer.lifecycle === 'customer' && rng.chance(0.2) ? rng.pick(ctx.support) : customer.owner;
    const occurredAt = duringWorkingHours(rng, rng.recentBetween(start, end), author.timeZone, start, end);
    const summary = fill(rng, rng.pick(ACTIVITY_TEMPLATES[kind]), {
      company: customer.name,
      product: rng.pick(ctx.products).spec.name,
      contact: contact.name,
    });
    ctx.writer.push('activities', {
      id: ctx.ids.next('activities'),
      customer_id: customer.id,
      contact_id: linked ? contact.id : null,
      author_id: author.id,
      kind,
      summary: capitalise(summary),
      occurred_at: occurredAt,
      created_at: occurredAt,
    });
  }
}
