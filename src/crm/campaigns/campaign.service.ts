import { AppError, invalid, notFound } from '../../app/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { CrmContext } from '../context.js';
import { toMoney, type MoneyString } from '../money.js';
import {
  findCampaignById,
  findCampaignsByName,
  findMemberForUpdate,
  insertCampaign,
  insertMembers,
  listCampaignStats,
  updateMember,
  type CampaignStats,
} from './campaign.repository.js';
import { CAMPAIGN_CHANNELS, type Campaign, type CampaignChannel, type CampaignMember, type MemberStatus } from './campaign.table.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// How far along the funnel a status is: a late "opened" event must not undo a conversion.
const FUNNEL_RANK: Record<Exclude<MemberStatus, 'unsubscribed'>, number> = {
  sent: 0,
  opened: 1,
  clicked: 2,
  responded: 3,
  converted: 4,
};

export interface CreateCampaignInput {
  name: string;
  channel: CampaignChannel;
  budget?: MoneyString | number | null;
  currency?: string;
  startsOn?: string | null;
  endsOn?: string | null;
}

export async function createCampaign(ctx: CrmContext, input: CreateCampaignInput): Promise<Campaign> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw invalid('A campaign needs a name of 1 to 200 characters.');
  if (!CAMPAIGN_CHANNELS.includes(input.channel)) {
    throw invalid(`"${input.channel}" is not a campaign channel; use one of ${CAMPAIGN_CHANNELS.join(', ')}.`);
  }
  for (const date of [input.startsOn, input.endsOn]) {
    if (date && !ISO_DATE.test(date)) throw invalid(`"${date}" is not a date such as 2026-12-01.`);
  }
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
    throw invalid(`The campaign cannot end (${input.endsOn}) before it starts (${input.startsOn}).`);
  }
  const currency = (input.currency ?? 'USD').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid(`"${input.currency}" is not a currency code such as USD or EUR.`);
  return insertCampaign(ctx.db, {
    name,
    channel: input.channel,
    budget: input.budget === undefined || input.budget === null ? null : toMoney(input.budget),
    currency,
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    created_at: ctx.now(),
  });
}

/** A campaign by id, or by name (any case); several campaigns of one name → ambiguous. */
export async function findCampaign(ctx: CrmContext, ref: { id: number } | { name: string }): Promise<Campaign> {
  if ('id' in ref) {
    const campaign = await findCampaignById(ctx.db, ref.id);
    if (!campaign) throw notFound(`There is no campaign #${ref.id}.`);
    return campaign;
  }
  const found = await findCampaignsByName(ctx.db, ref.name);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw notFound(`There is no campaign called "${ref.name.trim()}".`);
  throw new AppError(
    'ambiguous',
    `There are ${found.length} campaigns called "${found[0]!.name}": ${found.map((c) => `#${c.id} (${c.channel}, ${c.starts_on ?? 'no start date'})`).join(', ')}. Which one?`,
    { candidates: found.map((c) => ({ id: c.id, name: c.name })) },
  );
}

export async function addCampaignMembers(
  ctx: CrmContext,
  input: { campaignId: number; customerIds: readonly number[] },
): Promise<{ added: number[]; alreadyMembers: number[] }> {
  const campaign = await findCampaignById(ctx.db, input.campaignId);
  if (!campaign) throw notFound(`There is no campaign #${input.campaignId}.`);
  const unique = [...new Set(input.customerIds)];
  const added = await inTransaction(ctx.db, (tx) => insertMembers(tx, campaign.id, unique, ctx.now()));
  return { added, alreadyMembers: unique.filter((id) => !added.includes(id)) };
}

/**
 * Records how a member reacted. Statuses only move forward along the funnel (unsubscribing always
 * applies); responded_at is set the first time the member responds or converts.
 */
export async function recordCampaignResponse(
  ctx: CrmContext,
  input: { campaignId: number; customerId: number; status: MemberStatus },
): Promise<{ member: CampaignMember; changed: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const member = await findMemberForUpdate(tx, input.campaignId, input.customerId);
    if (!member) {
      throw notFound(`Customer #${input.customerId} is not in campaign #${input.campaignId}; add them to it first.`);
    }
    const forward =
      input.status === 'unsubscribed' ||
      (member.status !== 'unsubscribed' && FUNNEL_RANK[input.status] > FUNNEL_RANK[member.status]);
    if (!forward) return { member, changed: false };
    const responded = input.status === 'responded' || input.status === 'converted';
    const updated = await updateMember(tx, member.id, {
      status: input.status,
      responded_at: member.responded_at ?? (responded ? ctx.now() : null),
    });
    return { member: updated, changed: true };
  });
}

export async function listCampaigns(ctx: CrmContext, options: { limit?: number } = {}): Promise<CampaignStats[]> {
  return listCampaignStats(ctx.db, { limit: Math.min(Math.max(options.limit ?? 20, 1), 100) });
}

export async function getCampaignStats(ctx: CrmContext, campaignId: number): Promise<CampaignStats> {
  const [stats] = await listCampaignStats(ctx.db, { campaignId, limit: 1 });
  if (!stats) throw notFound(`There is no campaign #${campaignId}.`);
  return stats;
}
