import { forbidden, invalid, notFound, conflict } from '../../app/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { CrmContext } from '../context.js';
import { decide, nameScore } from '../customers/name-match.js';
import { cleanName, cleanQuery, looksLikeEmail, normaliseEmail, normaliseTimeZone } from '../validation.js';
import {
  deleteUserRow, findIdentity, findUserByEmail, findUserById, findUsersLikeName, insertIdentityIfAbsent, insertUser, listUsers,
  updateUserRow, type IdentityKey,
} from './user.repository.js';
import { PLATFORMS, USER_ROLES, type Platform, type User, type UserRole } from './user.table.js';

export interface CreateUserInput {
  name: string;
  email?: string | null;
  role?: UserRole;
  timeZone?: string;
}

function checkRole(role: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw invalid(`"${role}" is not a role; use one of ${USER_ROLES.join(', ')}.`);
  }
  return role as UserRole;
}

function requireAdmin(ctx: CrmContext, what: string): void {
  if (ctx.actor.role !== 'admin') throw forbidden(`Only an admin can ${what}.`);
}

/** Admins add teammates by hand; everyone else is created on first message (resolvePlatformUser). */
export async function createUser(ctx: CrmContext, input: CreateUserInput): Promise<User> {
  requireAdmin(ctx, 'add users');
  const name = cleanName(input.name, 'user name');
  const email = input.email ? normaliseEmail(input.email) : null;
  const role = checkRole(input.role ?? 'sales');
  const timeZone = normaliseTimeZone(input.timeZone ?? 'UTC');
  return inTransaction(ctx.db, async (tx) => {
    if (email) {
      const existing = await findUserByEmail(tx, email);
      if (existing) throw conflict(`${existing.name} already uses ${email}.`, { userId: existing.id });
    }
    return insertUser(tx, { name, email, role, time_zone: timeZone });
  });
}

export async function getUser(db: DbOrTx, id: number): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw notFound(`I can't find that user (id ${id}).`);
  return user;
}

export interface UserCandidate {
  user: User;
  score: number;
}

export type UserResolution =
  | { kind: 'match'; user: User }
  | { kind: 'ambiguous'; candidates: UserCandidate[] }
  | { kind: 'none'; suggestions: UserCandidate[] };

/** Ranked active users for a name ("Maria", "maria g", a typo) or an email. Best first. */
export async function searchUsers(db: DbOrTx, query: string, limit = 5): Promise<UserCandidate[]> {
  const text = cleanQuery(query);
  if (!text) return [];
  if (looksLikeEmail(text)) {
    const user = await findUserByEmail(db, normaliseEmail(text));
    return user && !user.deactivated_at ? [{ user, score: 1 }] : [];
  }
  const users = await findUsersLikeName(db, text);
  return users
    .map((user) => ({ user, score: nameScore(text, user.name) }))
    .filter((c) => c.score >= 0.2)
    .sort((a, b) => b.score - a.score || a.user.name.localeCompare(b.user.name))
    .slice(0, limit);
}

/** "assign to Maria": one user, the close candidates, or suggestions. */
export async function resolveUser(db: DbOrTx, query: string): Promise<UserResolution> {
  const decision = decide(await searchUsers(db, query), (c) => c.score === 1);
  if (decision.kind === 'match') return { kind: 'match', user: decision.match.user };
  return decision;
}

export async function changeRole(ctx: CrmContext, input: { userId: number; role: string }): Promise<User> {
  requireAdmin(ctx, 'change roles');
  const role = checkRole(input.role);
  return inTransaction(ctx.db, async (tx) => {
    const user = await getUser(tx, input.userId);
    if (user.role === 'admin' && role !== 'admin') {
      // Locks the admins so two concurrent demotions cannot leave the workspace without one.
      const admins = await tx
        .selectFrom('users').select('id').where('role', '=', 'admin').where('deactivated_at', 'is', null).forUpdate().execute();
      if (admins.length <= 1) throw conflict(`${user.name} is the last admin; make someone else admin first.`);
    }
    return (await updateUserRow(tx, user.id, { role }))!;
  });
}

/** Anyone may set their own zone; setting someone else's needs an admin. */
export async function setTimeZone(ctx: CrmContext, input: { userId?: number; timeZone: string }): Promise<User> {
  const userId = input.userId ?? ctx.actor.id;
  if (userId !== ctx.actor.id) requireAdmin(ctx, "change someone else's time zone");
  const timeZone = normaliseTimeZone(input.timeZone);
  const user = await updateUserRow(ctx.db, userId, { time_zone: timeZone });
  if (!user) throw notFound(`I can't find that user (id ${userId}).`);
  return user;
}

export interface PlatformUserInput {
  platform: Platform;
  workspaceId: string;
  platformUserId: string;
  displayName?: string | null;
}

/**
 * The user behind a chat identity, created (role 'sales', display name as name) on first
 * contact. Safe when two first messages race: the identity's unique key decides the winner,
 * and the loser removes the user it created and returns the winner's.
 */
export async function resolvePlatformUser(db: DbOrTx, input: PlatformUserInput): Promise<User> {
  if (!(PLATFORMS as readonly string[]).includes(input.platform)) throw invalid(`Unknown platform "${input.platform}".`);
  if (!input.workspaceId || !input.platformUserId) throw invalid('A platform identity needs a workspace and a user id.');
  // Platform ids are opaque, but a NUL in one would make Postgres reject the statement.
  if (/\u0000/.test(input.workspaceId + input.platformUserId)) throw invalid('That platform identity has characters I cannot store.');
  const key: IdentityKey = { platform: input.platform, workspaceId: input.workspaceId, platformUserId: input.platformUserId };

  const known = await findIdentity(db, key);
  if (known) return getUser(db, known.user_id);

  const displayName = displayNameOf(input);
  const storedDisplayName = input.displayName ? [...cleanQuery(input.displayName)].slice(0, 200).join('') || null : null;
  return inTransaction(db, async (tx) => {
    const user = await insertUser(tx, { name: displayName, role: 'sales' });
    const identity = await insertIdentityIfAbsent(tx, { ...key, userId: user.id, displayName: storedDisplayName });
    if (identity) return user;
    // Another message created the identity first (its insert made ours wait, then do nothing).
    await deleteUserRow(tx, user.id);
    const winner = await findIdentity(tx, key);
    if (!winner) throw new Error('platform identity vanished during first contact');
    return getUser(tx, winner.user_id);
  });
}

function displayNameOf(input: PlatformUserInput): string {
  try {
    return cleanName(input.displayName ?? '', 'display name');
  } catch {
    return cleanName(`${input.platform} user ${input.platformUserId}`.slice(0, 200), 'display name');
  }
}

export { findUserByEmail, findUserById, listUsers };
