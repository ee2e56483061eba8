import type { Kysely } from 'kysely';
import type { Actor } from '../crm/context.js';
import type { Database, DbOrTx } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { validateIntent, type Intent } from '../intents/catalog.js';
import { cleanFields } from '../intents/normalise.js';
import type { Understanding } from '../intents/llm/understand.js';
import type { HandlerContext, HandlerResult, IntentHandler } from '../handlers/handler.js';
import { handlerFor } from '../handlers/registry.js';
import { undoAudited } from '../handlers/undo/undo.js';
import { actionHandlerFor } from '../handlers/actions/actions.js';
import { confirmationCard, faultReply, forbiddenReply, userErrorReply } from '../handlers/common/replies.js';
import { settleCharts } from '../charts/chart-block.js';
import { privateReply, reply, text, type ActionRef, type Reply } from '../reply/reply.js';
import { isAppError } from './errors.js';
import type { Logger } from './logger.js';
import type { Envelope } from './envelope.js';
import { resolveReferences, type ConversationMemory, type Picked } from './conversation.js';
import { permissionFor } from './permissions.js';
import { markEventProcessed, recordAudit } from '../crm/audit/audit.repository.js';
import { loadKnownUserAndMemory, loadMemory, saveMemory, type MemoryKey } from './memory.js';
import { resolvePlatformUser } from '../crm/users/user.service.js';

export interface DispatcherDeps {
  db: Kysely<Database>;
  logger: Logger;
  understanding: Understanding;
  now?: () => Date;
}

export interface Dispatcher {
  /** The reply to send, or null when the event was already processed (a platform retry). */
  dispatch(envelope: Envelope): Promise<Reply | null>;
}

/**
 * The one path every message and click takes: identify the user, understand the message,
 * check permission, run the handler (writes in one transaction with their audit rows and the
 * event's idempotency mark), and only then reply. The only place that catches errors.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const now = deps.now ?? (() => new Date());

  async function dispatch(envelope: Envelope): Promise<Reply | null> {
    const log = deps.logger.child({ platform: envelope.platform, channel: envelope.channelId, event: envelope.eventId });
    try {
      // A known user and their memory come in one round trip; a first message creates the user.
      const known = envelope.workspaceId && envelope.userId && !/\u0000/.test(envelope.workspaceId + envelope.userId + envelope.channelId)
        ? await loadKnownUserAndMemory(deps.db, { platform: envelope.platform, workspaceId: envelope.workspaceId, platformUserId: envelope.userId, channelId: envelope.channelId }, now())
        : undefined;
      const user = known?.user ?? await resolvePlatformUser(deps.db, {
        platform: envelope.platform,
        workspaceId: envelope.workspaceId,
        platformUserId: envelope.userId,
        displayName: envelope.userName ?? envelope.userId,
      });
      const actor: Actor = { id: user.id, name: user.name, role: user.role, timeZone: user.time_zone };
      const key: MemoryKey = { platform: envelope.platform, workspaceId: envelope.workspaceId, channelId: envelope.channelId, userId: actor.id };
      const memory = known?.memory ?? await loadMemory(deps.db, key, now());
      const run = { envelope, actor, key, memory, log };
      if (envelope.input.kind === 'action') return await onAction(run, envelope.input.ref);
      if (envelope.input.kind === 'intent') {
        const intent = validateIntent(cleanFields(envelope.input.intent));
        if (!intent) return reply(text('Some of those fields are not valid. Please check them and try again.', 'warning'));
        return await execute(run, intent, {});
      }
      return await onMessage(run, envelope.input.text);
    } catch (error) {
      if (isAppError(error) && error.isUserError) return userErrorReply(error);
      log.error({ err: error }, 'command failed');
      return faultReply(error);
    }
  }

  interface Run {
    envelope: Envelope;
    actor: Actor;
    key: MemoryKey;
    memory: ConversationMemory;
    log: Logger;
  }

  async function onMessage(run: Run, raw: string): Promise<Reply | null> {
    const message = resolveReferences(raw, run.memory);
    const understood = await deps.understanding.understand(message, { now: now(), tz: run.actor.timeZone });
    run.log.debug({ intent: understood.intent.intent, source: understood.source }, 'understood');
    if (understood.needsConfirmation) {
      if (!(await claimEvent(deps.db, run.envelope))) return null;
      await saveMemory(deps.db, run.key, { ...run.memory, pending: { intent: understood.intent, reason: 'confirm', at: now().toISOString() } });
      return confirmationCard(understood.intent, run.actor.id);
    }
    return execute(run, understood.intent, {}, raw);
  }

  async function onAction(run: Run, ref: ActionRef): Promise<Reply | null> {
    if (ref.forUserId !== undefined && ref.forUserId !== run.actor.id) {
      return { private: true, blocks: [text('That button belongs to someone else’s request, so I left it alone.', 'warning')] };
    }
    const pending = run.memory.pending;
    switch (ref.verb) {
      case 'confirm':
      case 'pick': {
        if (!pending) return reply(text('That request has expired or was already handled. Please ask again.', 'muted'));
        const picked = { ...pending.picked };
        if (ref.verb === 'pick') {
          const [field, id] = ref.value.split('=');
          const value = Number(id);
          if (!Number.isSafeInteger(value) || !['customerId', 'contactId', 'dealId'].includes(field ?? '')) {
            return privateReply(text('I could not read that choice. Please ask again.', 'warning'));
          }
          picked[field as 'customerId'] = value;
        }
        return execute(run, pending.intent, picked);
      }
      case 'cancel':
        await saveMemory(deps.db, run.key, { ...run.memory, pending: undefined });
        return reply(text('Cancelled: nothing was changed.', 'muted'));
      case 'edit':
        await saveMemory(deps.db, run.key, { ...run.memory, pending: undefined });
        return reply(text('Nothing was changed. Send the corrected request and I’ll read it again.', 'muted'));
      case 'undo': {
        const auditId = Number(ref.value);
        // Private: a tampered click must not replace the shared card it was made on.
        if (!Number.isSafeInteger(auditId)) return privateReply(text('I could not read that Undo request.', 'warning'));
        const outcome = await inTransaction(deps.db, async (tx) => {
          if (!(await claimEvent(tx, run.envelope))) return null;
          return undoAudited(tx, { auditId, actor: run.actor, now: now() });
        });
        return outcome ? reply(text(outcome, 'success')) : null;
      }
      default:
        return runAction(run, ref);
    }
  }

  /** A button verb from the action registry: a whole command to run, or a small job of its own. */
  async function runAction(run: Run, ref: ActionRef): Promise<Reply | null> {
    const action = actionHandlerFor(ref.verb);
    if (action?.kind === 'intent') {
      const intent = action.toIntent(ref.value);
      if (intent) return execute(run, intent, {});
    } else if (action) {
      const result = await withHandlerContext(run, ref.verb, action.writes, (ctx) => action.handle(ctx, ref.value));
      return result ? finish(run, result, undefined, {}) : null;
    }
    return privateReply(text('I could not read that button. Please ask again.', 'warning'));
  }

  async function execute(run: Run, intent: Intent, picked: Picked, message?: string): Promise<Reply | null> {
    const refusal = permissionFor(run.actor.role, intent);
    if (refusal) return forbiddenReply(refusal);
    const handler = handlerFor(intent.intent) as IntentHandler;
    const result = await withHandlerContext(run, intent.intent, handler.writes, (ctx) =>
      handler.handle({ ...ctx, message }, { slots: intent.slots as never, picked }),
    );
    return result ? finish(run, result, intent, picked) : null;
  }

  /**
   * Runs `fn` with a handler context: writes in one transaction together with their audit rows
   * and the event's idempotency mark (a retried event after a rollback runs again; after a
   * commit it is skipped and gets no reply).
   */
  async function withHandlerContext<T>(run: Run, intentName: string, writes: boolean, fn: (ctx: HandlerContext) => Promise<T>): Promise<T | null> {
    const contextFor = (db: DbOrTx): HandlerContext => ({
      db,
      logger: run.log,
      actor: run.actor,
      now,
      platform: run.envelope.platform,
      channel: { workspaceId: run.envelope.workspaceId, channelId: run.envelope.channelId, isDirect: run.envelope.isDirect, mentions: run.envelope.channelMentions },
      tz: run.actor.timeZone,
      memory: run.memory,
      charts: run.envelope.charts,
      audit: (entry) =>
        recordAudit(db, {
          actorId: run.actor.id,
          platform: run.envelope.platform,
          intent: intentName,
          action: entry.action,
          entity: entry.entity,
          entityId: entry.entityId,
          before: entry.before,
          after: entry.after,
        }),
    });
    if (writes) {
      return inTransaction(deps.db, async (tx) => ((await claimEvent(tx, run.envelope)) ? fn(contextFor(tx)) : null));
    }
    // Reads claim the event while the handler runs (two pooled connections): a retried event
    // still gets no reply, and the claim's round trip is off the critical path.
    const [claimed, result] = await Promise.all([claimEvent(deps.db, run.envelope), fn(contextFor(deps.db))]);
    return claimed ? result : null;
  }

  /** After the commit: remember what was shown, keep a command waiting for a pick, then reply. */
  async function finish(run: Run, result: HandlerResult, intent: Intent | undefined, picked: Picked): Promise<Reply> {
    const memory: ConversationMemory = { ...run.memory, ...result.remember };
    memory.pending = result.awaitingPick && intent ? { intent, reason: 'pick', picked, at: now().toISOString() } : undefined;
    // The memory is saved while a chart is still drawing.
    const [out] = await Promise.all([
      run.envelope.chartsFollow ? result.reply : settleCharts(result.reply),
      // Nothing new to remember (a report asked twice, a lookup of the customer already in mind): skip the write.
      JSON.stringify(memory) === JSON.stringify(run.memory)
        ? undefined
        : saveMemory(deps.db, run.key, memory).catch((error: unknown) => run.log.warn({ err: error }, 'could not save conversation memory')),
    ]);
    return out;
  }

  return { dispatch };
}

async function claimEvent(db: DbOrTx, envelope: Envelope): Promise<boolean> {
  if (!envelope.eventId) return true;
  return markEventProcessed(db, envelope.platform, envelope.eventId);
}
