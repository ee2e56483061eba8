import type { AppError } from '../../app/errors.js';
import type { Intent } from '../../intents/catalog.js';
import { actions, button, fields, header, privateReply, reply, text, type Reply } from '../../reply/reply.js';
import { describeIntent } from './describe-intent.js';

export function userErrorReply(error: AppError): Reply {
  const tone = error.code === 'not_found' || error.code === 'ambiguous' ? 'warning' : 'error';
  return { blocks: [text(error.userMessage, tone)], private: error.code === 'forbidden' };
}

export function forbiddenReply(reason: string): Reply {
  return privateReply(text(reason, 'warning'));
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** A fault the user did not cause: the transaction rolled back, so say plainly that nothing changed. */
export function faultReply(error: unknown): Reply {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  // "not queryable": a failed query's rollback on the same broken connection, the error Kysely reports.
  if ((code && CONNECTION_CODES.has(code)) || /connection (terminated|refused|ended)|not queryable/i.test(message)) {
    return reply(text('I couldn’t reach the database, so nothing was saved and nothing was changed. Please try again in a moment.', 'error'));
  }
  return reply(text('Sorry, something went wrong on my side and nothing was changed. Please try again; if it keeps happening, tell your admin.', 'error'));
}

/** Shown before running a write the LLM understood: the user sees exactly what will happen. */
export function confirmationCard(intent: Intent, userId: number): Reply {
  const description = describeIntent(intent);
  return privateReply(
    header('Did I get that right?'),
    text(description.summary),
    fields(...description.fields),
    actions(
      button('Confirm', { verb: 'confirm', value: intent.intent, forUserId: userId }, 'primary'),
      button('Edit', { verb: 'edit', value: intent.intent, forUserId: userId }),
      button('Cancel', { verb: 'cancel', value: intent.intent, forUserId: userId }, 'danger'),
    ),
  );
}
