import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { NewUser, Platform, PlatformIdentity, User, UserUpdate } from './user.table.js';

// Plain data access; validation and permissions live in user.service.ts.

export async function insertUser(db: DbOrTx, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function updateUserRow(db: DbOrTx, id: number, patch: UserUpdate): Promise<User | undefined> {
  return db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteUserRow(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function findUserById(db: DbOrTx, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function listUsers(db: DbOrTx, options: { includeDeactivated?: boolean } = {}): Promise<User[]> {
  let query = db.selectFrom('users').selectAll().orderBy('name').orderBy('id');
  if (!options.includeDeactivated) query = query.where('deactivated_at', 'is', null);
  return query.execute();
}

/**
 * Active users whose name is loosely like `query` (trigram similarity, a similar word, or a
 * substring). A team is small, so no index is needed; ranking happens in the service.
 */
export async function findUsersLikeName(db: DbOrTx, query: string, limit = 50): Promise<User[]> {
  const q = query.toLowerCase();
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom('users')
    .selectAll()
    .where('deactivated_at', 'is', null)
    .where(sql<boolean>`(similarity(lower(name), ${q}) >= 0.2 or word_similarity(${q}, lower(name)) >= 0.4
      or lower(name) like ${`%${escaped}%`})`)
    .orderBy(sql`word_similarity(${q}, lower(name))`, 'desc')
    .limit(limit)
    .execute();
}

export interface IdentityKey {
  platform: Platform;
  workspaceId: string;
  platformUserId: string;
}

export async function findIdentity(db: DbOrTx, key: IdentityKey): Promise<PlatformIdentity | undefined> {
  return db
    .selectFrom('platform_identities')
    .selectAll()
    .where('platform', '=', key.platform)
    .where('workspace_id', '=', key.workspaceId)
    .where('platform_user_id', '=', key.platformUserId)
    .executeTakeFirst();
}

/** Inserts the identity unless one exists for the key; returns undefined when it already did. */
export async function insertIdentityIfAbsent(
  db: DbOrTx,
  key: IdentityKey & { userId: number; displayName: string | null },
): Promise<PlatformIdentity | undefined> {
  return db
    .insertInto('platform_identities')
    .values({
      platform: key.platform,
      workspace_id: key.workspaceId,
      platform_user_id: key.platformUserId,
      user_id: key.userId,
      display_name: key.displayName,
    })
    .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'platform_user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function listIdentities(db: DbOrTx, userId: number): Promise<PlatformIdentity[]> {
  return db.selectFrom('platform_identities').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}
