import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import type { ListenerDeps } from './context.js';
import { registerEvents } from './events/index.js';
import { registerHome } from './home/index.js';
import { registerModals } from './modals/index.js';
import { registerShortcuts } from './shortcuts/index.js';
import { registerViews } from './views/index.js';

export type { ListenerDeps } from './context.js';

/** One registration per listener kind, as in Bolt's starter template. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerHome(app, deps);
  registerShortcuts(app, deps);
  registerModals(app, deps);
  registerViews(app, deps);
}
