import { silentLogger } from '../../app/logger.js';
import type { CrmContext } from '../../crm/context.js';
import { listIdentities } from '../../crm/users/user.repository.js';
import { changeRole, listUsers, resolveUser, setTimeZone } from '../../crm/users/user.service.js';
import type { User } from '../../crm/users/user.table.js';
import type { Db } from '../../db/database.js';
import { isAppError } from '../../app/errors.js';
import { CliError, type CliCommand } from '../command.js';
import { withDatabase } from '../open-db.js';

const USAGE = 'rapport users [list] | rapport users role <name or email> <sales|support|manager|admin> | rapport users tz <name or email> <IANA zone>';

/** Whoever runs the CLI on the server is the operator: an admin for the services' checks. */
const operator = (db: Db): CrmContext => ({
  db,
  logger: silentLogger,
  actor: { id: 0, name: 'operator', role: 'admin', timeZone: 'UTC' },
  now: () => new Date(),
});

export const usersCommand: CliCommand = {
  name: 'users',
  summary: 'list CRM users and their chat identities; change a role or time zone',
  usage: USAGE,
  async run(argv) {
    const [verb = 'list', who, value, ...extra] = argv;
    if (extra.length > 0 || !['list', 'role', 'tz'].includes(verb)) throw new CliError(`usage: ${USAGE}`, 2);
    if (verb !== 'list' && (!who || !value)) throw new CliError(`usage: ${USAGE}`, 2);
    return withDatabase(async ({ db }) => {
      if (verb === 'list') return printUsers(db);
      const user = await findOne(db, who!);
      try {
        const updated =
          verb === 'role'
            ? await changeRole(operator(db), { userId: user.id, role: value! })
            : await setTimeZone(operator(db), { userId: user.id, timeZone: value! });
        console.log(`${updated.name}: role ${updated.role}, time zone ${updated.time_zone}`);
        return 0;
      } catch (error) {
        if (isAppError(error) && error.isUserError) throw new CliError(error.userMessage);
        throw error;
      }
    });
  },
};

async function findOne(db: Db, who: string): Promise<User> {
  const found = await resolveUser(db, who);
  if (found.kind === 'match') return found.user;
  const names = (found.kind === 'ambiguous' ? found.candidates : found.suggestions).map((c) => c.user.name);
  throw new CliError(
    found.kind === 'ambiguous'
      ? `“${who}” could be ${names.join(', ')}: give the full name or the email.`
      : `no user matches “${who}”${names.length ? ` (did you mean ${names.join(', ')}?)` : ''}.`,
  );
}

async function printUsers(db: Db): Promise<number> {
  const users = await listUsers(db);
  if (users.length === 0) {
    console.log('No users yet: they are created when someone first talks to the bot (or by `rapport seed --demo`).');
    return 0;
  }
  const rows = await Promise.all(
    users.map(async (u) => {
      const identities = await listIdentities(db, u.id);
      return [u.name, u.role, u.time_zone, u.email ?? '', identities.map((i) => `${i.platform}:${i.platform_user_id}`).join(' ')];
    }),
  );
  const header = ['Name', 'Role', 'Time zone', 'Email', 'Chat identities'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log([line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n'));
  return 0;
}
