import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, Id, NullableTimestamp, Timestamp } from '../../db/column-types.js';
import type { Platform } from '../../crm/users/user.table.js';

export const DIGEST_FREQUENCIES = ['daily', 'weekdays', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const RULE_EVENTS = ['urgent_ticket', 'deal_won', 'sla_breach'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** A scheduled digest or a notification rule (migrations/2026-11-22T11-00_automations.ts). */
export interface AutomationTable {
  id: Id;
  kind: 'digest' | 'rule';
  platform: Platform;
  workspace_id: string;
  /** The channel posted to; null for a rule that DMs the person concerned (SLA warnings). */
  channel_id: string | null;
  /** How people name it: "#sales", "this channel", "the assignee". */
  channel_label: string;
  report: string | null;
  event: RuleEvent | null;
  frequency: DigestFrequency | null;
  /** ISO weekday, 1 = Monday (weekly digests). */
  weekday: number | null;
  /** HH:MM local wall time in time_zone. */
  local_time: string | null;
  time_zone: string;
  next_run_at: NullableTimestamp;
  batch_seconds: Generated<number>;
  created_by: number;
  created_at: CreatedAt;
  muted_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

export interface RuleEventTable {
  id: Id;
  rule_id: number;
  event_key: string;
  summary: string;
  target_user_id: number | null;
  occurred_at: Timestamp;
  claimed_by: number | null;
  notified_at: NullableTimestamp;
}

export interface QuietHoursTable {
  id: Id;
  platform: Platform;
  channel_id: string;
  channel_label: string;
  start_time: string;
  end_time: string;
  time_zone: string;
  created_by: number;
  created_at: CreatedAt;
}

export type Automation = Selectable<AutomationTable>;
export type QuietHours = Selectable<QuietHoursTable>;
