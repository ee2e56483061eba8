import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app/errors.js';
import {
  addCampaignMembers,
  createCampaign,
  findCampaign,
  getCampaignStats,
  listCampaigns,
  recordCampaignResponse,
} from '../../../src/crm/campaigns/campaign.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import { advance, contextFor, insertCustomer, insertUser } from '../tickets/crm-fixtures.js';

const t = useTestDatabase();

async function setup() {
  const ann = await insertUser(t.db, 'Ann', 'sales');
  const customers = [];
  for (const name of ['Acme', 'Globex', 'Initech', 'Umbrella']) customers.push(await insertCustomer(t.db, name));
  return { ctx: contextFor(t.db, ann), ids: customers.map((c) => c.id) };
}

describe('campaigns', () => {
  it('creates a campaign with an exact budget and refuses one that ends before it starts', async () => {
    const { ctx } = await setup();
    const campaign = await createCampaign(ctx, { name: 'Winter webinar', channel: 'webinar', budget: 1500.5, startsOn: '2026-12-01' });
    expect(campaign).toMatchObject({ name: 'Winter webinar', budget: '1500.50', currency: 'USD', starts_on: '2026-12-01' });
    await expect(
      createCampaign(ctx, { name: 'Backwards', channel: 'email', startsOn: '2026-12-10', endsOn: '2026-12-01' }),
    ).rejects.toSatisfy((e) => isAppError(e, 'invalid'));
    expect((await findCampaign(ctx, { name: 'winter WEBINAR' })).id).toBe(campaign.id);
  });

  it('adds members once and reports who was already in', async () => {
    const { ctx, ids } = await setup();
    const campaign = await createCampaign(ctx, { name: 'Launch', channel: 'email' });
    expect(await addCampaignMembers(ctx, { campaignId: campaign.id, customerIds: ids.slice(0, 2) })).toEqual({
      added: ids.slice(0, 2),
      alreadyMembers: [],
    });
    const again = await addCampaignMembers(ctx, { campaignId: campaign.id, customerIds: [ids[1]!, ids[2]!] });
    expect(again).toEqual({ added: [ids[2]], alreadyMembers: [ids[1]] });
  });

  it('counts members by status and computes the response rate', async () => {
    const { ctx, ids } = await setup();
    const campaign = await createCampaign(ctx, { name: 'Launch', channel: 'email' });
    await createCampaign(ctx, { name: 'Empty', channel: 'ads' });
    await addCampaignMembers(ctx, { campaignId: campaign.id, customerIds: ids });
    advance(ctx.clock, 24);
    const responded = await recordCampaignResponse(ctx, { campaignId: campaign.id, customerId: ids[0]!, status: 'responded' });
    expect(responded.member.responded_at).toEqual(ctx.now());
    await recordCampaignResponse(ctx, { campaignId: campaign.id, customerId: ids[1]!, status: 'converted' });
    await recordCampaignResponse(ctx, { campaignId: campaign.id, customerId: ids[2]!, status: 'opened' });

    const stats = await getCampaignStats(ctx, campaign.id);
    expect(stats.members).toBe(4);
    expect(stats.byStatus).toEqual({ sent: 1, opened: 1, clicked: 0, responded: 1, converted: 1, unsubscribed: 0 });
    expect(stats.responseRate).toBe(50);
    const all = await listCampaigns(ctx);
    expect(all.map((c) => [c.name, c.members, c.responseRate])).toEqual([
      ['Empty', 0, null],
      ['Launch', 4, 50],
    ]);
  });

  it('never moves a member back along the funnel, and refuses non-members', async () => {
    const { ctx, ids } = await setup();
    const campaign = await createCampaign(ctx, { name: 'Launch', channel: 'email' });
    await addCampaignMembers(ctx, { campaignId: campaign.id, customerIds: [ids[0]!] });
    await recordCampaignResponse(ctx, { campaignId: campaign.id, customerId: ids[0]!, status: 'converted' });
    const late = await recordCampaignResponse(ctx, { campaignId: campaign.id, customerId: ids[0]!, status: 'opened' });
    expect(late).toMatchObject({ changed: false, member: { status: 'converted' } });
    await expect(
      recordCampaignResponse(ctx, { campaignId: campaign.id, customerId: ids[3]!, status: 'opened' }),
    ).rejects.toSatisfy((e) => isAppError(e, 'not_found'));
  });
});
