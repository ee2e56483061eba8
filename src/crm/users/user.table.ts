import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, Id, NullableTimestamp } from '../../db/column-types.js';

export const USER_ROLES = ['sales', 'support', 'manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const PLATFORMS = ['slack', 'discord', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface UserTable {
  id: Id;
  name: string;
  email: string | null;
  role: Generated<UserRole>;
  time_zone: Generated<string>;
  created_at: CreatedAt;
  deactivated_at: NullableTimestamp;
}

export interface PlatformIdentityTable {
  id: Id;
  platform: Platform;
  workspace_id: string;
  platform_user_id: string;
  user_id: number;
  display_name: string | null;
  created_at: CreatedAt;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type PlatformIdentity = Selectable<PlatformIdentityTable>;
