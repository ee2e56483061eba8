import { sql, type Transaction } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import { MEMBER_STATUSES, type Campaign, type CampaignMember, type MemberStatus, type NewCampaign } from './campaign.table.js';

/** Statuses that count as a response: a converted member responded first. */
export const RESPONDED_STATUSES = ['responded', 'converted'] as const satisfies readonly MemberStatus[];

export interface CampaignStats extends Campaign {
  members: number;
  byStatus: Record<MemberStatus, number>;
  /** Percent of members who responded or converted, one decimal; null with no members. */
  responseRate: number | null;
}

export async function insertCampaign(db: DbOrTx, values: NewCampaign): Promise<Campaign> {
  return db.insertInto('campaigns').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findCampaignById(db: DbOrTx, id: number): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCampaignsByName(db: DbOrTx, name: string): Promise<Campaign[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where(sql`lower(name)`, '=', name.trim().toLowerCase())
    .orderBy('created_at', 'desc')
    .execute();
}

/** Adds customers to a campaign; ones already in it are left as they are. Returns the ids added. */
export async function insertMembers(db: DbOrTx, campaignId: number, customerIds: readonly number[], at: Date): Promise<number[]> {
  if (customerIds.length === 0) return [];
  const rows = await db
    .insertInto('campaign_members')
    .values(customerIds.map((customerId) => ({ campaign_id: campaignId, customer_id: customerId, created_at: at })))
    .onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing())
    .returning('customer_id')
    .execute();
  return rows.map((r) => r.customer_id);
}

export async function findMemberForUpdate(
  tx: Transaction<Database>,
  campaignId: number,
  customerId: number,
): Promise<CampaignMember | undefined> {
  return tx
    .selectFrom('campaign_members')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateMember(
  db: DbOrTx,
  id: number,
  values: { status: MemberStatus; responded_at: Date | null },
): Promise<CampaignMember> {
  return db.updateTable('campaign_members').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Campaigns, newest first, with member counts by status and the response rate, counted in SQL. */
export async function listCampaignStats(db: DbOrTx, options: { campaignId?: number; limit?: number } = {}): Promise<CampaignStats[]> {
  let query = db
    .selectFrom('campaigns as c')
    .leftJoin('campaign_members as m', 'm.campaign_id', 'c.id')
    .selectAll('c')
    .select((eb) => [
      eb.fn.count<number>('m.id').as('members'),
      ...MEMBER_STATUSES.map((s) => eb.fn.count<number>('m.id').filterWhere('m.status', '=', s).as(`n_${s}`)),
      sql<string | null>`round(100.0 * count(m.id) filter (where m.status in ('responded', 'converted')) / nullif(count(m.id), 0), 1)`.as(
        'response_rate',
      ),
    ])
    .groupBy('c.id')
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(options.limit ?? 20);
  if (options.campaignId !== undefined) query = query.where('c.id', '=', options.campaignId);
  const rows = (await query.execute()) as (Campaign & Record<string, unknown>)[];
  return rows.map((row) => {
    const byStatus = Object.fromEntries(MEMBER_STATUSES.map((s) => [s, Number(row[`n_${s}`])])) as Record<MemberStatus, number>;
    const campaign = Object.fromEntries(
      Object.entries(row).filter(([k]) => !k.startsWith('n_') && k !== 'members' && k !== 'response_rate'),
    ) as Campaign;
    return {
      ...campaign,
      members: Number(row.members),
      byStatus,
      responseRate: row.response_rate === null ? null : Number(row.response_rate),
    };
  });
}
