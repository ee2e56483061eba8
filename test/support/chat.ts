import type { Kysely } from 'kysely';
import { setConsoleUser } from '../../src/app/console-user.js';
import { createDispatcher, type Dispatcher } from '../../src/app/dispatcher.js';
import type { Envelope } from '../../src/app/envelope.js';
import { silentLogger } from '../../src/app/logger.js';
import type { UserRole } from '../../src/crm/users/user.table.js';
import type { Database } from '../../src/db/database.js';
import { createUnderstanding, type Understanding } from '../../src/intents/llm/understand.js';
import { actionsOf, type Action, type Reply } from '../../src/reply/reply.js';
import { renderPlainText } from '../../src/reply/render-plain-text.js';

/** The instant the labelled examples use: Wednesday 18 Nov 2026, 10:00 in New York. */
export const TEST_NOW = new Date('2026-11-18T15:00:00Z');

export interface ChatDriver {
  dispatcher: Dispatcher;
  userId: number;
  /** Sends a message as this user; returns the reply (throws if none came). */
  say(text: string): Promise<Reply>;
  /** Clicks the button whose label matches, on the given reply. */
  click(reply: Reply, label: string | RegExp): Promise<Reply>;
  /** The reply as the terminal shows it: handy for `toContain` assertions. */
  text(reply: Reply): string;
  /** Sends a raw envelope input (for retries, forged actions…). */
  send(input: Envelope['input'], eventId?: string): Promise<Reply | null>;
}

export interface ChatOptions {
  user?: string;
  role?: UserRole;
  timeZone?: string;
  now?: Date;
  channelId?: string;
  understanding?: Understanding;
  dispatcher?: Dispatcher;
}

let eventSequence = 0;

/**
 * A user talking to the real dispatcher on a real migrated database, through the console
 * platform identity: what the terminal chat does, minus the terminal.
 */
export async function chatAs(db: Kysely<Database>, options: ChatOptions = {}): Promise<ChatDriver> {
  const name = options.user ?? 'Marcus Reed';
  const user = await setConsoleUser(db, { name, role: options.role, timeZone: options.timeZone ?? 'America/New_York' });
  const now = options.now ?? TEST_NOW;
  const dispatcher =
    options.dispatcher ?? createDispatcher({ db, logger: silentLogger, understanding: options.understanding ?? createUnderstanding({}), now: () => now });

  async function send(input: Envelope['input'], eventId = `test-${process.pid}-${++eventSequence}`): Promise<Reply | null> {
    return dispatcher.dispatch({
      platform: 'console',
      workspaceId: 'local',
      userId: name.toLowerCase(),
      userName: name,
      channelId: options.channelId ?? 'terminal',
      eventId,
      input,
    });
  }

  async function must(input: Envelope['input']): Promise<Reply> {
    const r = await send(input);
    if (!r) throw new Error('no reply');
    return r;
  }

  return {
    dispatcher,
    userId: user.id,
    send,
    say: (text) => must({ kind: 'message', text }),
    async click(reply, label) {
      const match = (a: Action) => {
        const l = a.kind === 'button' ? a.label : a.placeholder;
        return typeof label === 'string' ? l === label : label.test(l);
      };
      const action = actionsOf(reply).find(match);
      if (!action) throw new Error(`no action ${String(label)} in:\n${renderPlainText(reply, { numberActions: true })}`);
      return must({ kind: 'action', ref: action.ref });
    },
    text: (reply) => renderPlainText(reply, { numberActions: true }),
  };
}
