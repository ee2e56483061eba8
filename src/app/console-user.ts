import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { User, UserRole } from '../crm/users/user.table.js';

/** Who the terminal user is when --user is not given: the demo company's sales manager. */
export const DEFAULT_CONSOLE_USER = 'Marcus Reed';

/**
 * Binds the terminal's identity to a CRM user: an existing user of that name (so the demo's
 * people can be played), or a new one. --role and --tz update the profile, as an admin would.
 */
export async function setConsoleUser(
  db: Kysely<Database>,
  options: { name?: string; role?: UserRole; timeZone?: string },
): Promise<User> {
  const name = (options.name ?? DEFAULT_CONSOLE_USER).trim().slice(0, 200) || DEFAULT_CONSOLE_USER;
  return db.transaction().execute(async (tx) => {
    let user = await tx
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .orderBy('id')
      .executeTakeFirst();
    user ??= await tx
      .insertInto('users')
      .values({ name, role: options.role ?? (options.name ? 'sales' : 'manager'), time_zone: options.timeZone ?? 'UTC' })
      .returningAll()
      .executeTakeFirstOrThrow();
    if ((options.role && options.role !== user.role) || (options.timeZone && options.timeZone !== user.time_zone)) {
      user = await tx
        .updateTable('users')
        .set({ role: options.role ?? user.role, time_zone: options.timeZone ?? user.time_zone })
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    await tx
      .insertInto('platform_identities')
      .values({ platform: 'console', workspace_id: 'local', platform_user_id: name.toLowerCase(), user_id: user.id, display_name: name })
      .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'platform_user_id']).doUpdateSet({ user_id: user.id }))
      .execute();
    return user;
  });
}
