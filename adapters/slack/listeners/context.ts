import type { Dispatcher } from '../../../src/app/dispatcher.js';
import type { Logger } from '../../../src/app/logger.js';
import type { CustomerDirectory } from '../customers.js';
import type { Sender } from '../deliver.js';
import type { UserDirectory } from '../user-directory.js';

/** What every listener needs: the core's one entry point, the way out, and names for new users and customers. */
export interface ListenerDeps {
  dispatcher: Dispatcher;
  sender: Sender;
  users: UserDirectory;
  /** Read-only customer names for the modals' picker and pre-fill; writes go through the dispatcher. */
  customers: CustomerDirectory;
  logger: Logger;
}
