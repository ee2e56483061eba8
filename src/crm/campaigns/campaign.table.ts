import type { Generated, Insertable, Selectable } from 'kysely';
import type { CreatedAt, DateOnly, Id, NullableMoney, NullableTimestamp } from '../../db/column-types.js';

export const CAMPAIGN_CHANNELS = ['email', 'social', 'event', 'ads', 'webinar', 'other'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export const MEMBER_STATUSES = ['sent', 'opened', 'clicked', 'responded', 'converted', 'unsubscribed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface CampaignTable {
  id: Id;
  name: string;
  channel: CampaignChannel;
  budget: NullableMoney;
  currency: Generated<string>;
  starts_on: DateOnly;
  ends_on: DateOnly;
  created_at: CreatedAt;
}

export interface CampaignMemberTable {
  id: Id;
  campaign_id: number;
  customer_id: number;
  contact_id: number | null;
  status: Generated<MemberStatus>;
  responded_at: NullableTimestamp;
  created_at: CreatedAt;
}

export type Campaign = Selectable<CampaignTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type CampaignMember = Selectable<CampaignMemberTable>;
