import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { resolvePlatformUser } from '../../../src/crm/users/user.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import {
  apiBody,
  blockActions,
  eventually,
  nextId,
  postForm,
  postInteraction,
  SLACK_API,
  slashCommand,
  useSeededSlack,
  TEAM,
} from './support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });
const bot = useSeededSlack(t);

const responseUrl = () => `https://hooks.slack.test/actions/${TEAM}/${nextId('')}/token`;

function expectResponse(url: string): () => Record<string, any> | undefined {
  const parsed = new URL(url);
  let body: Record<string, any> | undefined;
  nock(parsed.origin)
    .post(parsed.pathname, (b) => {
      body = b as Record<string, any>;
      return true;
    })
    .reply(200, 'ok');
  return () => body;
}

/** Runs a /crm command as a user and returns the posted blocks. */
async function command(text: string, user = 'U0SARAH'): Promise<Array<Record<string, any>>> {
  const form = slashCommand(text, { user_id: user });
  const body = expectResponse(form.response_url!);
  await postForm(bot.slack.url, form);
  return (await eventually(body)).blocks;
}

function buttonValue(blocks: Array<Record<string, any>>, label: string): string {
  const button = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.text?.text === label);
  if (!button) throw new Error(`no ${label} button in ${JSON.stringify(blocks)}`);
  return button.value;
}

describe('Slack buttons (block_actions)', () => {
  it('Undo works end to end: the click is decoded, the ticket goes, and the card is replaced', async () => {
    const blocks = await command('open a ticket for Acme Corp: printer jammed on floor 2');
    const undo = buttonValue(blocks, 'Undo');
    const [created] = await t.db.selectFrom('tickets').select(['id', 'number']).where('subject', 'like', 'printer jammed on floor 2%').execute();
    expect(created).toBeDefined();

    const url = responseUrl();
    const answer = expectResponse(url);
    const res = await postInteraction(bot.slack.url, blockActions(undo, { responseUrl: url }));
    expect(res.status).toBe(200);
    const body = await eventually(answer);
    expect(body.replace_original).toBe(true);
    expect(body.blocks[0].type).toBe('section');
    expect(bot.dispatcher.calls.at(-1)!.envelope.input).toMatchObject({ kind: 'action', ref: { verb: 'undo' } });
    const left = await t.db.selectFrom('tickets').select('id').where('id', '=', created!.id).execute();
    expect(left).toHaveLength(0);
  });

  it('refuses a click by someone else privately, without touching the shared card', async () => {
    const blocks = await command('open a ticket for Acme Corp: badge reader offline');
    const undo = buttonValue(blocks, 'Undo');
    const url = responseUrl();
    const answer = expectResponse(url);
    await postInteraction(bot.slack.url, blockActions(undo, { responseUrl: url, user: 'U0TOM' }));
    const body = await eventually(answer);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(body.blocks)).toMatch(/belongs to someone else/);
    expect(await t.db.selectFrom('tickets').select('id').where('subject', 'like', 'badge reader offline%').execute()).toHaveLength(1);
  });

  it('answers a work button (Assign to me) in the card’s thread and keeps the card', async () => {
    const tom = await resolvePlatformUser(t.db, { platform: 'slack', workspaceId: TEAM, platformUserId: 'U0TOM', displayName: 'Tom Alvarez' });
    await t.db.updateTable('users').set({ role: 'support' }).where('id', '=', tom.id).execute();
    const blocks = await command('open a ticket for Acme Corp: VPN drops hourly', 'U0TOM');
    const assign = buttonValue(blocks, 'Assign to me');
    const posts: Array<Record<string, any>> = [];
    nock(SLACK_API)
      .post('/api/chat.postMessage', (b) => {
        posts.push(apiBody(b));
        return true;
      })
      .reply(200, { ok: true, channel: 'C0SALES', ts: '1700000000.000999' });
    await postInteraction(bot.slack.url, blockActions(assign, { responseUrl: responseUrl(), user: 'U0TOM', messageTs: '1700000000.000555' }));
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post).toMatchObject({ channel: 'C0SALES', thread_ts: '1700000000.000555' });
  });

  it('says a forged button cannot be read, without dispatching', async () => {
    const url = responseUrl();
    const answer = expectResponse(url);
    const payload = blockActions('undo:1:2', { responseUrl: url });
    (payload.actions as Array<Record<string, unknown>>)[0]!.value = 'DROP TABLE';
    await postInteraction(bot.slack.url, payload);
    const body = await eventually(answer);
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toMatch(/could not read that button/);
    expect(bot.dispatcher.calls).toHaveLength(0);
  });
});
