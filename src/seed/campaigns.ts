// Marketing campaigns (fixed, from the catalogue) and, per customer, membership and response.
import { SEED_CAMPAIGNS } from './catalog.js';
import type { PlannedCustomer, SeedContext } from './context.js';
import { centsToMoney } from './orders.js';
import { DAY_MS, addMs, isoDate, minDate } from './random.js';

type MemberStatus = 'sent' | 'opened' | 'clicked' | 'responded' | 'converted' | 'unsubscribed';

/** Writes the campaign rows and returns them with their ids and dates for the member generator. */
export function seedCampaigns(ctx: SeedContext): SeedContext['campaigns'] {
  return SEED_CAMPAIGNS.map((spec) => {
    const id = ctx.ids.next('campaigns');
    const startsAt = addMs(ctx.now, -spec.startDaysAgo * DAY_MS);
    const endsAt = addMs(ctx.now, -spec.endDaysAgo * DAY_MS);
    ctx.writer.push('campaigns', {
      id, name: spec.name, channel: spec.channel, budget: centsToMoney(spec.budgetCents), currency: 'USD',
      starts_on: isoDate(startsAt), ends_on: isoDate(endsAt), created_at: addMs(startsAt, -14 * DAY_MS),
    });
    return { id, spec, startsAt, endsAt };
  });
}

export function seedCampaignMembers(ctx: SeedContext, customer: PlannedCustomer): void {
  const rng = customer.rng('campaigns');
  for (const campaign of ctx.campaigns) {
    // Only customers known when the campaign went out can be on its list.
    if (customer.createdAt > campaign.startsAt || !rng.chance(campaign.spec.reach)) continue;
    const status: MemberStatus = rng.chance(campaign.spec.responseRate)
      ? rng.weighted<MemberStatus>([['responded', 60], ['converted', 40]])
      : rng.weighted<MemberStatus>([['sent', 45], ['opened', 35], ['clicked', 14], ['unsubscribed', 6]]);
    const engaged = status === 'clicked' || status === 'responded' || status === 'converted';
    ctx.writer.push('campaign_members', {
      id: ctx.ids.next('campaign_members'),
      campaign_id: campaign.id,
      customer_id: customer.id,
      contact_id: customer.contacts[0]?.id ?? null,
      status,
      responded_at: engaged ? rng.between(campaign.startsAt, minDate(addMs(campaign.endsAt, 14 * DAY_MS), ctx.now)) : null,
      created_at: campaign.startsAt,
    });
  }
}
