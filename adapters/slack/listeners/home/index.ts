import type { App, types } from '@slack/bolt';
import type { Envelope } from '../../../../src/app/envelope.js';
import { header, divider, type Block } from '../../../../src/reply/reply.js';
import { slackErrorCode } from '../../deliver.js';
import { OPEN_MODAL_ACTIONS } from '../../modals.js';
import { renderBlockKit, SLACK_LIMITS } from '../../render-block-kit.js';
import type { ListenerDeps } from '../context.js';

/**
 * What the Home tab shows, as the commands a user would type: the same handlers, permissions and
 * rendering as chat, so Home can never show something the user could not ask for. A section whose
 * reply is private is a refusal (e.g. pipeline for support staff) and is left out.
 */
export const HOME_SECTIONS = [
  { key: 'tickets', title: 'Your open tickets', ask: 'my open tickets' },
  { key: 'reminders', title: 'Your reminders', ask: 'my reminders' },
  { key: 'pipeline', title: 'Your pipeline', ask: 'my pipeline' },
] as const;

/** app_home_opened: rebuild the tab on every open (views.publish), so it is never stale. */
export function registerHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const userName = await deps.users.nameOf(event.user);
    const blocks: Block[] = [];
    let seesPipeline = false;
    for (const section of HOME_SECTIONS) {
      const envelope: Envelope = {
        platform: 'slack',
        workspaceId: body.team_id,
        userId: event.user,
        userName,
        channelId: event.channel,
        isDirect: true,
        // One Slack event, several questions: each needs its own idempotency key.
        eventId: `event:${body.event_id}:${section.key}`,
        input: { kind: 'message', text: section.ask },
        // A Home view cannot hold an uploaded file: its reports come without charts.
        charts: false,
      };
      const reply = await deps.dispatcher.dispatch(envelope);
      if (!reply || reply.private) continue;
      if (section.key === 'pipeline') seesPipeline = true;
      blocks.push(header(section.title), ...reply.blocks, divider());
    }
    // Home has no thread to answer button clicks in; they arrive as block_actions from a view.
    const view = renderBlockKit({ blocks: blocks.length ? blocks : [header('Rapport')] }, { maxBlocks: SLACK_LIMITS.homeBlocks - 1, maxChars: 40_000 });
    try {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [homeButtons(seesPipeline, event.channel), ...(view.blocks as types.KnownBlock[])] } });
    } catch (error) {
      deps.logger.error({ err: error, slackError: slackErrorCode(error), user: event.user }, 'could not publish the App Home view');
    }
  });
}

export const HOME_BUTTONS_BLOCK = 'rapport_home_create';

/**
 * "New ticket" for everyone; "New deal" for those whose pipeline Home could show (sales, managers,
 * admins), since deals are the sales team's. The dispatcher checks again on submit either way.
 */
export function homeButtons(deals: boolean, dmChannel: string): types.ActionsBlock {
  // The value carries the user's DM with the bot (Home's own channel): the form's answer, and any
  // "which one?" that follows it, go there, so a pick in that DM finds the command it belongs to.
  const button = (text: string, actionId: string, primary = false): types.Button => ({
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text },
    value: dmChannel,
    ...(primary ? { style: 'primary' as const } : {}),
  });
  return {
    type: 'actions',
    block_id: HOME_BUTTONS_BLOCK,
    elements: [button('New ticket', OPEN_MODAL_ACTIONS.ticket, true), ...(deals ? [button('New deal', OPEN_MODAL_ACTIONS.deal)] : [])],
  };
}
