import { describe, expect, it } from 'vitest';
import {
  changeRole, createUser, resolvePlatformUser, resolveUser, searchUsers, setTimeZone,
} from '../../../src/crm/users/user.service.js';
import { listUsers } from '../../../src/crm/users/user.repository.js';
import { useTestDatabase } from '../../support/test-db.js';
import { addUser, count, ctxFor } from '../customers/crm-fixtures.js';

const t = useTestDatabase();
const slackJane = { platform: 'slack' as const, workspaceId: 'T01', platformUserId: 'U42', displayName: 'Jane Cooper' };

describe('platform users', () => {
  it('creates a sales user on first contact and returns the same user after', async () => {
    const first = await resolvePlatformUser(t.db, slackJane);
    expect(first).toMatchObject({ name: 'Jane Cooper', role: 'sales', time_zone: 'UTC' });
    const again = await resolvePlatformUser(t.db, { ...slackJane, displayName: 'Jane C.' });
    expect(again.id).toBe(first.id);
    expect(await count(t.db, 'users')).toBe(1);
    expect(await count(t.db, 'platform_identities')).toBe(1);
  });

  it('creates one user when two first messages race', async () => {
    const [a, b, c] = await Promise.all([
      resolvePlatformUser(t.db, slackJane), resolvePlatformUser(t.db, slackJane), resolvePlatformUser(t.db, slackJane),
    ]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(await count(t.db, 'users')).toBe(1);
  });

  it('keeps the same person in different workspaces or platforms apart', async () => {
    const a = await resolvePlatformUser(t.db, slackJane);
    const b = await resolvePlatformUser(t.db, { ...slackJane, workspaceId: 'T02' });
    const c = await resolvePlatformUser(t.db, { ...slackJane, platform: 'discord' });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it('names a user without a display name after the platform id', async () => {
    const u = await resolvePlatformUser(t.db, { platform: 'console', workspaceId: 'local', platformUserId: 'me', displayName: ' \u0000 ' });
    expect(u.name).toBe('console user me');
  });
});

describe('roles and time zones', () => {
  it('lets only admins change roles', async () => {
    const admin = await addUser(t.db, { name: 'Ada', role: 'admin' });
    const sam = await addUser(t.db, { name: 'Sam', role: 'sales' });
    await expect(changeRole(ctxFor(t.db, sam), { userId: sam.id, role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await changeRole(ctxFor(t.db, admin), { userId: sam.id, role: 'manager' })).toMatchObject({ role: 'manager' });
    await expect(changeRole(ctxFor(t.db, admin), { userId: sam.id, role: 'boss' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('refuses to demote the last admin', async () => {
    const admin = await addUser(t.db, { name: 'Ada', role: 'admin' });
    await expect(changeRole(ctxFor(t.db, admin), { userId: admin.id, role: 'sales' })).rejects.toMatchObject({ code: 'conflict' });
    const other = await addUser(t.db, { name: 'Bob', role: 'admin' });
    expect(await changeRole(ctxFor(t.db, admin), { userId: other.id, role: 'sales' })).toMatchObject({ role: 'sales' });
  });

  it('sets a valid IANA time zone and rejects an unknown one', async () => {
    const sam = await addUser(t.db, { name: 'Sam' });
    const other = await addUser(t.db, { name: 'Kim' });
    expect(await setTimeZone(ctxFor(t.db, sam), { timeZone: 'America/New_York' })).toMatchObject({ time_zone: 'America/New_York' });
    await expect(setTimeZone(ctxFor(t.db, sam), { timeZone: 'Mars/Olympus' })).rejects.toThrow(/not a time zone I know/);
    await expect(setTimeZone(ctxFor(t.db, sam), { userId: other.id, timeZone: 'UTC' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lets admins add users with a normalised email, once', async () => {
    const admin = await addUser(t.db, { name: 'Ada', role: 'admin' });
    const sam = await addUser(t.db, { name: 'Sam' });
    const maria = await createUser(ctxFor(t.db, admin), { name: 'Maria Garcia', email: 'Maria@Example.com', role: 'support', timeZone: 'Europe/Madrid' });
    expect(maria).toMatchObject({ email: 'maria@example.com', role: 'support', time_zone: 'Europe/Madrid' });
    await expect(createUser(ctxFor(t.db, admin), { name: 'M', email: 'maria@example.com' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(createUser(ctxFor(t.db, sam), { name: 'X' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await listUsers(t.db)).map((u) => u.name)).toEqual(['Ada', 'Maria Garcia', 'Sam']);
  });
});

describe('finding a teammate by name', () => {
  it('resolves "Maria" to Maria Garcia, also with a typo or by email', async () => {
    const maria = await addUser(t.db, { name: 'Maria Garcia', email: 'maria@example.com' });
    await addUser(t.db, { name: 'Mark Twain' });
    expect(await resolveUser(t.db, 'maria')).toMatchObject({ kind: 'match', user: { id: maria.id } });
    expect(await resolveUser(t.db, 'Mraia Garcia')).toMatchObject({ kind: 'match', user: { id: maria.id } });
    expect(await resolveUser(t.db, 'MARIA@example.com')).toMatchObject({ kind: 'match', user: { id: maria.id } });
    expect(await resolveUser(t.db, 'Zed')).toMatchObject({ kind: 'none' });
  });

  it('asks which Maria when there are two, and skips deactivated users', async () => {
    await addUser(t.db, { name: 'Maria Garcia' });
    const lopez = await addUser(t.db, { name: 'Maria Lopez' });
    expect((await resolveUser(t.db, 'maria')).kind).toBe('ambiguous');
    await t.db.updateTable('users').set({ deactivated_at: new Date() }).where('id', '=', lopez.id).execute();
    expect(await resolveUser(t.db, 'maria')).toMatchObject({ kind: 'match', user: { name: 'Maria Garcia' } });
    expect((await searchUsers(t.db, 'maria')).length).toBe(1);
  });
});
