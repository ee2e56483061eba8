import type { Kysely, Transaction } from 'kysely';
import type { ActivityTable } from '../crm/activities/activity.table.js';
import type { AuditLogTable, ConversationStateTable, ProcessedEventTable } from '../crm/audit/audit.table.js';
import type { CampaignMemberTable, CampaignTable } from '../crm/campaigns/campaign.table.js';
import type { ContactTable, CustomerTable } from '../crm/customers/customer.table.js';
import type { DealStageHistoryTable, DealTable } from '../crm/deals/deal.table.js';
import type { OrderLineTable, OrderTable, ProductTable } from '../crm/orders/order.table.js';
import type { ReminderTable } from '../crm/reminders/reminder.table.js';
import type { SegmentTable } from '../crm/segments/segment.table.js';
import type { TicketCommentTable, TicketTable } from '../crm/tickets/ticket.table.js';
import type { PlatformIdentityTable, UserTable } from '../crm/users/user.table.js';
import type { JobTable } from '../jobs/job.table.js';
import type { AutomationTable, QuietHoursTable, RuleEventTable } from '../jobs/automations/automation.table.js';

export interface Database {
  users: UserTable;
  platform_identities: PlatformIdentityTable;
  customers: CustomerTable;
  contacts: ContactTable;
  activities: ActivityTable;
  reminders: ReminderTable;
  tickets: TicketTable;
  ticket_comments: TicketCommentTable;
  deals: DealTable;
  deal_stage_history: DealStageHistoryTable;
  products: ProductTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  campaigns: CampaignTable;
  campaign_members: CampaignMemberTable;
  segments: SegmentTable;
  audit_log: AuditLogTable;
  processed_events: ProcessedEventTable;
  conversation_state: ConversationStateTable;
  jobs: JobTable;
  automations: AutomationTable;
  rule_events: RuleEventTable;
  quiet_hours: QuietHoursTable;
}

export type Db = Kysely<Database>;
/** A connection or an open transaction: repository functions accept either. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;

/** Every CRM table, children before parents, for counts and test truncation. */
export const TABLES = [
  'rule_events', 'quiet_hours', 'automations', 'jobs', 'conversation_state', 'processed_events', 'audit_log', 'segments', 'campaign_members', 'campaigns',
  'order_lines', 'orders', 'products', 'deal_stage_history', 'deals', 'ticket_comments', 'tickets',
  'reminders', 'activities', 'contacts', 'customers', 'platform_identities', 'users',
] as const satisfies readonly (keyof Database)[];
