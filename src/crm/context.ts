import type { Logger } from '../app/logger.js';
import type { DbOrTx } from '../db/database.js';
import type { UserRole } from './users/user.table.js';

/** The person a command runs for: every write is attributed to them, never to a bot. */
export interface Actor {
  id: number;
  name: string;
  role: UserRole;
  timeZone: string;
}

/** What services receive; handlers never import singletons. `db` may be an open transaction. */
export interface CrmContext {
  db: DbOrTx;
  logger: Logger;
  actor: Actor;
  /** The current instant; tests pass a fixed clock. */
  now: () => Date;
}
