import type { Intent } from '../../intents/catalog.js';
import type { HandlerContext, HandlerResult } from '../handler.js';

/**
 * A button verb beyond confirm / pick / cancel / undo. Either it stands for a whole command
 * (`toIntent`, pure: the command then runs with the usual permission check and transaction), or
 * it does a small job of its own (`handle`, which must check ownership itself).
 */
export type ActionHandler =
  | { kind: 'intent'; toIntent(value: string): Intent | null }
  | { kind: 'job'; writes: boolean; handle(ctx: HandlerContext, value: string): Promise<HandlerResult> };

export type ActionMap = Record<string, ActionHandler>;
