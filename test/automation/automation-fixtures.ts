// A manager talking to the real dispatcher from a Slack channel, on a clock the test sets.
import type { Kysely } from 'kysely';
import { createDispatcher } from '../../src/app/dispatcher.js';
import { silentLogger } from '../../src/app/logger.js';
import type { UserRole } from '../../src/crm/users/user.table.js';
import type { Database } from '../../src/db/database.js';
import { createUnderstanding } from '../../src/intents/llm/understand.js';
import { actionsOf, type Action, type Reply } from '../../src/reply/reply.js';
import { renderPlainText } from '../../src/reply/render-plain-text.js';
import { slackChannelMentions, slackTextToPlain } from '../../adapters/slack/mrkdwn.js';

let sequence = 0;

export async function slackChat(
  db: Kysely<Database>,
  clock: { now: () => Date },
  options: { slackUser?: string; name?: string; role?: UserRole; timeZone?: string; channelId?: string } = {},
) {
  const dispatcher = createDispatcher({ db, logger: silentLogger, understanding: createUnderstanding({}), now: clock.now });
  const slackUser = options.slackUser ?? 'U0MARCUS';
  const channelId = options.channelId ?? 'C0GENERAL';
  const send = async (input: { kind: 'message'; text: string } | { kind: 'action'; ref: Action['ref'] }, channel = channelId, channelMentions?: Record<string, string>): Promise<Reply> => {
    const reply = await dispatcher.dispatch({
      platform: 'slack', workspaceId: 'T0TEAM', userId: slackUser, userName: options.name ?? 'Marcus Reed', channelId: channel, eventId: `ev-${++sequence}`, input, channelMentions,
    });
    if (!reply) throw new Error('no reply');
    return reply;
  };
  // First contact creates the user (as sales); then give them the role and zone under test.
  await send({ kind: 'message', text: 'help' });
  const identity = await db.selectFrom('platform_identities').select('user_id').where('platform_user_id', '=', slackUser).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ role: options.role ?? 'manager', time_zone: options.timeZone ?? 'America/New_York' }).where('id', '=', identity.user_id).execute();
  return {
    userId: identity.user_id,
    say: (text: string, channel?: string) => send({ kind: 'message', text }, channel),
    /** As Slack sends it: <#C…|name> links become "#name" for the parser, their ids kept aside. */
    sayInSlack: (raw: string, channel?: string) => send({ kind: 'message', text: slackTextToPlain(raw) }, channel, slackChannelMentions(raw)),
    click: (reply: Reply, label: string) => {
      const action = actionsOf(reply).find((a) => a.kind === 'button' && a.label === label);
      if (!action) throw new Error(`no button ${label} in ${renderPlainText(reply, { numberActions: true })}`);
      return send({ kind: 'action', ref: action.ref });
    },
    text: (reply: Reply) => renderPlainText(reply),
  };
}
