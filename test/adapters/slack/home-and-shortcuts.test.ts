import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_SELECT, DEAL_MODAL, NOTE_MODAL, OPEN_MODAL_ACTIONS, TICKET_MODAL } from '../../../adapters/slack/modals.js';
import { resolvePlatformUser } from '../../../src/crm/users/user.service.js';
import { useTestDatabase } from '../../support/test-db.js';
import {
  apiBody,
  eventCallback,
  eventually,
  nextId,
  postInteraction,
  postForm,
  postJson,
  slashCommand,
  SLACK_API,
  useSeededSlack,
  TEAM,
} from './support/slack-harness.js';

const t = useTestDatabase({ truncateEachTest: false });
const bot = useSeededSlack(t);

function record(method: string, reply: Record<string, unknown> = { ok: true }): Array<Record<string, any>> {
  const seen: Array<Record<string, any>> = [];
  nock(SLACK_API)
    .post(`/api/${method}`, (body) => {
      const fields = apiBody(body);
      if (typeof fields.view === 'string') fields.view = JSON.parse(fields.view);
      seen.push(fields);
      return true;
    })
    .reply(200, reply);
  return seen;
}

const user = { id: 'U0SARAH', username: 'sarah.chen', name: 'sarah.chen', team_id: TEAM };

function messageShortcut(callbackId: string, text: string, channelName = 'support'): Record<string, unknown> {
  return {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: '1700000002.000000',
    team: { id: TEAM, domain: 'acme' },
    user,
    channel: { id: 'C0SUPPORT', name: channelName },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: nextId('13345224609.8534564800.'),
    response_url: `https://hooks.slack.test/app/${TEAM}/${nextId('')}/token`,
    message_ts: '1700000000.000800',
    message: { type: 'message', user: 'U0CUSTOMERCHAMP', ts: '1700000000.000800', text },
  };
}

const FROM_MESSAGE = JSON.stringify({ channel: 'C0SUPPORT', messageTs: '1700000000.000800' });

function viewSubmission(callbackId: string, values: Record<string, Record<string, unknown>>, privateMetadata = FROM_MESSAGE): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user,
    api_app_id: 'A0RAPPORT',
    token: 'deprecated-verification-token',
    trigger_id: nextId('12345.98765.'),
    view: {
      id: nextId('V0'),
      team_id: TEAM,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values },
      hash: '156772938.1827394',
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** A documented block_actions payload for a click on a button in the App Home tab (a view, no channel). */
function homeClick(actionId: string, userId = 'U0SARAH', dm = 'D0SARAH'): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { ...user, id: userId },
    api_app_id: 'A0RAPPORT',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: 'V0HOME' },
    trigger_id: nextId('12466734323.1395872398.'),
    team: { id: TEAM, domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: 'V0HOME', team_id: TEAM, type: 'home', blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: '1.2', app_id: 'A0RAPPORT', bot_id: 'B0BOT' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'rapport_home_create', text: { type: 'plain_text', text: 'New', emoji: true }, value: dm, action_ts: '1700000001.000000' }],
  };
}

const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const picked = (value: string, type = 'static_select') => ({ value: { type, selected_option: { text: { type: 'plain_text', text: value }, value } } });
const customer = (name: string | null) => ({ [CUSTOMER_SELECT]: { type: 'external_select', selected_option: name ? { text: { type: 'plain_text', text: name }, value: name } : null } });
const blockIds = (view: any) => view.blocks.map((b: any) => b.block_id);
const PERMALINK = 'https://acme.slack.com/archives/C0SUPPORT/p1700000000000800';

async function openHome(userId: string, dm: string): Promise<Record<string, any>> {
  const published = record('views.publish');
  const res = await postJson(bot.slack.url, eventCallback({ type: 'app_home_opened', user: userId, channel: dm, tab: 'home', event_ts: '1700000000.000900' }));
  expect(res.status).toBe(200);
  const [call] = await eventually(() => published.length > 0 && published);
  return call!;
}

describe('App Home', () => {
  it('publishes the user’s open tickets and reminders, under New ticket and New deal buttons', async () => {
    const call = await openHome('U0SARAH', 'D0SARAH');
    expect(call.user_id).toBe('U0SARAH');
    expect(call.view.type).toBe('home');
    expect(call.view.blocks[0]).toEqual({
      type: 'actions',
      block_id: 'rapport_home_create',
      elements: [
        { type: 'button', action_id: OPEN_MODAL_ACTIONS.ticket, text: { type: 'plain_text', text: 'New ticket' }, value: 'D0SARAH', style: 'primary' },
        { type: 'button', action_id: OPEN_MODAL_ACTIONS.deal, text: { type: 'plain_text', text: 'New deal' }, value: 'D0SARAH' },
      ],
    });
    const headers = call.view.blocks.filter((b: any) => b.type === 'header').map((b: any) => b.text.text);
    expect(headers).toEqual(expect.arrayContaining(['Your open tickets', 'Your reminders']));
    expect(call.view.blocks.length).toBeLessThanOrEqual(100);
    expect(bot.dispatcher.calls.map((c) => c.envelope.input)).toEqual([
      { kind: 'message', text: 'my open tickets' },
      { kind: 'message', text: 'my reminders' },
      { kind: 'message', text: 'my pipeline' },
    ]);
  });

  it('shows the pipeline’s figures without a chart it could not attach (a Home view cannot hold uploads)', async () => {
    await openHome('U0SARAH', 'D0SARAH'); // Sarah's first contact creates her CRM user
    const sarah = await t.db.selectFrom('platform_identities').select('user_id').where('platform_user_id', '=', 'U0SARAH').executeTakeFirstOrThrow();
    const customer = await t.db.insertInto('customers').values({ name: 'Homeview Ltd' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('deals').values([
      { customer_id: customer.id, title: 'Homeview renewal', stage: 'proposal', amount: '12000', owner_id: sarah.user_id },
      { customer_id: customer.id, title: 'Homeview expansion', stage: 'negotiation', amount: '30000', owner_id: sarah.user_id },
    ]).execute();
    try {
      const call = await openHome('U0SARAH', 'D0SARAH');
      const headers = call.view.blocks.filter((b: any) => b.type === 'header').map((b: any) => b.text.text);
      expect(headers).toContain('Your pipeline');
      const shown = JSON.stringify(call.view.blocks);
      expect(shown).toMatch(/open deals worth/);
      expect(shown).not.toMatch(/attached below|bar_chart/);
    } finally {
      await t.db.deleteFrom('deal_stage_history').where('deal_id', 'in', t.db.selectFrom('deals').select('id').where('customer_id', '=', customer.id)).execute();
      await t.db.deleteFrom('deals').where('customer_id', '=', customer.id).execute();
      await t.db.deleteFrom('customers').where('id', '=', customer.id).execute();
    }
  });

  it('offers support staff New ticket only (deals are the sales team’s)', async () => {
    const tom = await resolvePlatformUser(t.db, { platform: 'slack', workspaceId: TEAM, platformUserId: 'U0TOM', displayName: 'Tom Alvarez' });
    await t.db.updateTable('users').set({ role: 'support' }).where('id', '=', tom.id).execute();
    const call = await openHome('U0TOM', 'D0TOM');
    expect(call.view.blocks[0].elements.map((e: any) => e.text.text)).toEqual(['New ticket']);
  });

  it('opens the New ticket modal from its button with the click’s trigger_id', async () => {
    const opened = record('views.open');
    const click = homeClick(OPEN_MODAL_ACTIONS.ticket);
    const res = await postInteraction(bot.slack.url, click);
    expect(res.status).toBe(200);
    const [call] = await eventually(() => opened.length > 0 && opened);
    expect(call!.trigger_id).toBe(click.trigger_id);
    // The answer goes to the user's DM with the bot, Home's own channel.
    expect(call!.view).toMatchObject({ type: 'modal', callback_id: TICKET_MODAL, title: { type: 'plain_text', text: 'New ticket' }, private_metadata: JSON.stringify({ channel: 'D0SARAH' }) });
    expect(blockIds(call!.view)).toEqual(['customer', 'subject', 'priority', 'description']);
    const [customerBlock, subject, priority, description] = call!.view.blocks;
    expect(customerBlock).toMatchObject({ type: 'input', optional: true, element: { type: 'external_select', action_id: CUSTOMER_SELECT, min_query_length: 2 } });
    expect(customerBlock.element.initial_option).toBeUndefined();
    expect(subject).toMatchObject({ type: 'input', element: { type: 'plain_text_input', max_length: 250 } });
    expect(subject.optional).toBeUndefined();
    expect(priority.element.options.map((o: any) => o.value)).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(priority.element.initial_option.value).toBe('normal');
    expect(description).toMatchObject({ optional: true, element: { type: 'plain_text_input', multiline: true, max_length: 3000 } });
    expect(bot.dispatcher.calls).toHaveLength(0);
  });

  it('opens the New deal modal from its button', async () => {
    const opened = record('views.open');
    await postInteraction(bot.slack.url, homeClick(OPEN_MODAL_ACTIONS.deal));
    const [call] = await eventually(() => opened.length > 0 && opened);
    expect(call!.view).toMatchObject({ type: 'modal', callback_id: DEAL_MODAL, title: { type: 'plain_text', text: 'New deal' }, submit: { type: 'plain_text', text: 'Create' } });
    expect(blockIds(call!.view)).toEqual(['customer', 'title', 'amount', 'currency', 'stage', 'close_date']);
    const byId = Object.fromEntries(call!.view.blocks.map((b: any) => [b.block_id, b]));
    expect(byId.customer.optional).toBeUndefined();
    expect(byId.customer.element.type).toBe('external_select');
    expect(byId.stage.element.options.map((o: any) => o.value)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
    expect(byId.close_date.element).toEqual({ type: 'datepicker', action_id: 'value' });
  });

  it('creates the ticket from the New ticket modal and answers in the user’s DM', async () => {
    const posts = record('chat.postMessage', { ok: true, channel: 'D0SARAH', ts: '1700000000.000970' });
    const res = await postInteraction(
      bot.slack.url,
      viewSubmission(TICKET_MODAL, {
        customer: customer('Initech'),
        subject: text('SSO login loops'),
        priority: picked('urgent'),
        description: text('Since the IdP certificate rotation.\nAll users affected.'),
      }, JSON.stringify({ channel: 'D0SARAH' })),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post!.channel).toBe('D0SARAH');
    expect(post!.thread_ts).toBeUndefined();
    expect(bot.dispatcher.calls[0]!.envelope.input).toEqual({
      kind: 'intent',
      intent: { intent: 'create_ticket', slots: { subject: 'SSO login loops', priority: 'urgent', customer: 'Initech', description: 'Since the IdP certificate rotation.\nAll users affected.' } },
    });
    expect(post!.text).toMatch(/Opened ticket #\d+ for Initech: SSO login loops/);
    const row = await t.db
      .selectFrom('tickets')
      .innerJoin('customers', 'customers.id', 'tickets.customer_id')
      .select(['tickets.priority', 'tickets.description', 'customers.name'])
      .where('subject', '=', 'SSO login loops')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ priority: 'urgent', description: 'Since the IdP certificate rotation.\nAll users affected.', name: 'Initech' });
  });

  it('shows a bad amount and date in the New deal modal and writes nothing', async () => {
    const before = await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await postInteraction(
      bot.slack.url,
      viewSubmission(DEAL_MODAL, {
        customer: customer('Contoso'),
        title: text('Expansion'),
        amount: text('twelve grand'),
        currency: text('USD'),
        stage: picked('proposal'),
        close_date: { value: { type: 'datepicker', selected_date: '2027-02-30' } },
      }, ''),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_action: 'errors',
      errors: { amount: 'Write the amount as a number, e.g. 12500, 12,500.00 or 12.5k.', close_date: 'Pick a date from the calendar, e.g. 2027-03-31.' },
    });
    expect(bot.dispatcher.calls).toHaveLength(0);
    const after = await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('creates the deal from the New deal modal with an exact amount', async () => {
    const posts = record('chat.postMessage', { ok: true, channel: 'D0SARAH', ts: '1700000000.000980' });
    await postInteraction(
      bot.slack.url,
      viewSubmission(DEAL_MODAL, {
        customer: customer('Contoso'),
        title: text('Contoso data platform'),
        amount: text('€12,500.50'),
        currency: text(''),
        stage: picked('proposal'),
        close_date: { value: { type: 'datepicker', selected_date: '2027-03-31' } },
      }, ''),
    );
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(post!.channel).toBe('U0SARAH');
    expect(bot.dispatcher.calls[0]!.envelope.input).toEqual({
      kind: 'intent',
      intent: { intent: 'create_deal', slots: { customer: 'Contoso', title: 'Contoso data platform', amount: 12500.5, currency: 'EUR', stage: 'proposal', close_date: '2027-03-31' } },
    });
    const deal = await t.db.selectFrom('deals').select(['amount', 'currency', 'stage']).where('title', '=', 'Contoso data platform').executeTakeFirstOrThrow();
    expect({ ...deal, amount: String(deal.amount) }).toEqual({ amount: '12500.50', currency: 'EUR', stage: 'proposal' });
  });

  it('asks which customer when the form’s name is ambiguous, and the pick in the DM finishes the command', async () => {
    const asked = record('chat.postMessage', { ok: true, channel: 'D0SARAH', ts: '1700000000.001100' });
    await postInteraction(
      bot.slack.url,
      viewSubmission(TICKET_MODAL, { customer: customer('Acme'), subject: text('Pallet labels misprint'), priority: picked('normal'), description: text('') }, JSON.stringify({ channel: 'D0SARAH' })),
    );
    const [question] = await eventually(() => asked.length > 0 && asked);
    expect(question!.channel).toBe('D0SARAH');
    const buttons = question!.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : []));
    const acmeCorp = buttons.find((e: any) => e.text.text.startsWith('Acme Corp'));
    expect(acmeCorp).toBeDefined();
    expect(await t.db.selectFrom('tickets').select('id').where('subject', '=', 'Pallet labels misprint').execute()).toEqual([]);

    const responses: Array<Record<string, any>> = [];
    nock('https://hooks.slack.test').post('/actions/pick').reply(200, (_uri, body) => {
      responses.push(body as Record<string, any>);
      return { ok: true };
    });
    await postInteraction(bot.slack.url, {
      type: 'block_actions',
      user,
      api_app_id: 'A0RAPPORT',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: '1700000000.001100', channel_id: 'D0SARAH', is_ephemeral: false },
      trigger_id: nextId('12466734323.1395872398.'),
      team: { id: TEAM, domain: 'acme' },
      channel: { id: 'D0SARAH', name: 'directmessage' },
      message: { type: 'message', user: 'U0BOT', ts: '1700000000.001100', bot_id: 'B0BOT', text: 'card', blocks: [] },
      response_url: 'https://hooks.slack.test/actions/pick',
      actions: [{ type: 'button', action_id: acmeCorp.action_id, block_id: 'b1', text: acmeCorp.text, value: acmeCorp.value, action_ts: '1700000001.000000' }],
      state: { values: {} },
    });
    await eventually(() => responses.length > 0 && responses);
    const ticket = await t.db
      .selectFrom('tickets')
      .innerJoin('customers', 'customers.id', 'tickets.customer_id')
      .select(['customers.name'])
      .where('subject', '=', 'Pallet labels misprint')
      .executeTakeFirstOrThrow();
    expect(ticket.name).toBe('Acme Corp');
  });

  it('serves the customer picker’s options from the customer search', async () => {
    const res = await postInteraction(bot.slack.url, {
      type: 'block_suggestion',
      user,
      container: { type: 'view', view_id: 'V0MODAL' },
      api_app_id: 'A0RAPPORT',
      token: 'deprecated-verification-token',
      action_id: CUSTOMER_SELECT,
      block_id: 'customer',
      value: 'acme',
      team: { id: TEAM, domain: 'acme' },
      view: { id: 'V0MODAL', type: 'modal', callback_id: DEAL_MODAL, private_metadata: '', state: { values: {} } },
    });
    expect(res.status).toBe(200);
    const { options } = JSON.parse(res.body) as { options: Array<{ text: { type: string; text: string }; value: string }> };
    expect(options.slice(0, 2)).toEqual([
      { text: { type: 'plain_text', text: 'Acme Corp (acme.example)' }, value: 'Acme Corp' },
      { text: { type: 'plain_text', text: 'Acme Industries (acmeindustries.example)' }, value: 'Acme Industries' },
    ]);
    expect(options.length).toBeLessThanOrEqual(20);
  });

  it('opens the forms from “/crm new ticket” and “/crm new deal” without asking the dispatcher', async () => {
    const opened = record('views.open');
    const form = slashCommand('new deal');
    const res = await postForm(bot.slack.url, form);
    expect(res.status).toBe(200);
    const [call] = await eventually(() => opened.length > 0 && opened);
    expect(call!.trigger_id).toBe(form.trigger_id);
    expect(call!.view).toMatchObject({ callback_id: DEAL_MODAL, private_metadata: JSON.stringify({ channel: 'C0SALES' }) });
    const again = record('views.open');
    await postForm(bot.slack.url, slashCommand('New Ticket'));
    const [ticket] = await eventually(() => again.length > 0 && again);
    expect(ticket!.view.callback_id).toBe(TICKET_MODAL);
    expect(bot.dispatcher.calls).toHaveLength(0);
  });
});

describe('message shortcuts and their modals', () => {
  it('opens a ticket modal pre-filled with the message and the customer it names', async () => {
    const opened = record('views.open');
    const payload = messageShortcut('create_ticket_from_message', 'Jane Cooper from Acme Corp says the &lt;invoice&gt; PDF is blank again');
    const res = await postInteraction(bot.slack.url, payload);
    expect(res.status).toBe(200);
    const [call] = await eventually(() => opened.length > 0 && opened);
    expect(call!.trigger_id).toBe(payload.trigger_id);
    expect(call!.view).toMatchObject({ type: 'modal', callback_id: TICKET_MODAL, title: { text: 'Ticket from message' }, private_metadata: FROM_MESSAGE });
    const byId = Object.fromEntries(call!.view.blocks.map((b: any) => [b.block_id, b]));
    expect(byId.customer.element.initial_option).toEqual({ text: { type: 'plain_text', text: 'Acme Corp' }, value: 'Acme Corp' });
    expect(byId.subject.element.initial_value).toBe('Jane Cooper from Acme Corp says the <invoice> PDF is blank again');
    expect(byId.priority.element.initial_option.value).toBe('normal');
    expect(byId.description.element.initial_value).toBe('Jane Cooper from Acme Corp says the <invoice> PDF is blank again');
    expect(byId.description.hint.text).toBe('A link to the message is added to the description.');
  });

  it('leaves the customer empty when the message is unclear, and guesses from the channel name', async () => {
    const opened = record('views.open');
    // "Acme" alone could be Acme Corp or Acme Industries.
    await postInteraction(bot.slack.url, messageShortcut('log_note_from_message', 'Acme wants the renewal quote by Friday'));
    const [unsure] = await eventually(() => opened.length > 0 && opened);
    expect(unsure!.view.callback_id).toBe(NOTE_MODAL);
    expect(unsure!.view.blocks[0].element.initial_option).toBeUndefined();
    expect(unsure!.view.blocks[1].element.initial_value).toBe('Acme wants the renewal quote by Friday');

    // Two customers named: which one is the note about?
    const both = record('views.open');
    await postInteraction(bot.slack.url, messageShortcut('log_note_from_message', 'Initech and Contoso both asked for the renewal quote'));
    const [two] = await eventually(() => both.length > 0 && both);
    expect(two!.view.blocks[0].element.initial_option).toBeUndefined();

    const second = record('views.open');
    await postInteraction(bot.slack.url, messageShortcut('log_note_from_message', 'the export still times out after the patch', 'ext-initech'));
    const [fromChannel] = await eventually(() => second.length > 0 && second);
    expect(fromChannel!.view.blocks[0].element.initial_option.value).toBe('Initech');
  });

  it('keeps the note modal open with a field error when no customer is given', async () => {
    const res = await postInteraction(bot.slack.url, viewSubmission(NOTE_MODAL, { customer: customer(null), note: text('hello') }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_action: 'errors', errors: { customer: 'Which customer is this note about?' } });
    expect(bot.dispatcher.calls).toHaveLength(0);
  });

  it('keeps the ticket modal open when the subject is empty', async () => {
    const res = await postInteraction(bot.slack.url, viewSubmission(TICKET_MODAL, { customer: customer('Acme Corp'), subject: text('   '), priority: picked('high'), description: text('x') }));
    expect(JSON.parse(res.body)).toEqual({ response_action: 'errors', errors: { subject: 'A ticket needs a subject.' } });
    expect(bot.dispatcher.calls).toHaveLength(0);
  });

  it('creates the ticket with the message and its link as description, answered in the message’s thread', async () => {
    const links = record('chat.getPermalink', { ok: true, channel: 'C0SUPPORT', permalink: PERMALINK });
    const posts = record('chat.postMessage', { ok: true, channel: 'C0SUPPORT', ts: '1700000000.000950' });
    const res = await postInteraction(
      bot.slack.url,
      viewSubmission(TICKET_MODAL, {
        customer: customer('Acme Corp'),
        subject: text('Invoice PDF is blank'),
        priority: picked('high'),
        description: text('Acme says the <invoice> PDF is blank again'),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const [post] = await eventually(() => posts.length > 0 && posts);
    expect(links[0]).toMatchObject({ channel: 'C0SUPPORT', message_ts: '1700000000.000800' });
    expect(post).toMatchObject({ channel: 'C0SUPPORT', thread_ts: '1700000000.000800' });
    expect(post!.text).toMatch(/Opened ticket #\d+ for Acme Corp: Invoice PDF is blank/);
    const description = `Acme says the <invoice> PDF is blank again\n\nFrom Slack: ${PERMALINK}`;
    expect(bot.dispatcher.calls[0]!.envelope.input).toEqual({
      kind: 'intent',
      intent: { intent: 'create_ticket', slots: { subject: 'Invoice PDF is blank', priority: 'high', customer: 'Acme Corp', description } },
    });
    const [ticket] = await t.db.selectFrom('tickets').select(['subject', 'priority', 'description']).where('subject', '=', 'Invoice PDF is blank').execute();
    expect(ticket).toEqual({ subject: 'Invoice PDF is blank', priority: 'high', description });
  });

  it('logs the note with the message link and falls back to a DM when the bot is not in the message’s channel', async () => {
    record('chat.getPermalink', { ok: true, channel: 'C0SUPPORT', permalink: PERMALINK });
    const channelPost = nock(SLACK_API).post('/api/chat.postMessage', (b) => apiBody(b).channel === 'C0SUPPORT').reply(200, { ok: false, error: 'not_in_channel' });
    const dm = record('chat.postMessage', { ok: true, channel: 'D0SARAH', ts: '1700000000.000960' });
    await postInteraction(bot.slack.url, viewSubmission(NOTE_MODAL, { customer: customer('Acme Corp'), note: text('Invoice PDF is blank again') }));
    const [post] = await eventually(() => dm.length > 0 && dm);
    expect(channelPost.isDone()).toBe(true);
    expect(post!.channel).toBe('U0SARAH');
    const summary = `Invoice PDF is blank again\n\nFrom Slack: ${PERMALINK}`;
    expect(bot.dispatcher.calls[0]!.envelope.input).toEqual({ kind: 'intent', intent: { intent: 'log_activity', slots: { kind: 'note', customer: 'Acme Corp', summary } } });
    const note = await t.db.selectFrom('activities').select(['kind', 'summary']).where('summary', '=', summary).executeTakeFirstOrThrow();
    expect(note.kind).toBe('note');
  });

  it('saves the ticket without the link when Slack will not give one', async () => {
    record('chat.getPermalink', { ok: false, error: 'channel_not_found' });
    const posts = record('chat.postMessage', { ok: true, channel: 'C0SUPPORT', ts: '1700000000.000990' });
    await postInteraction(bot.slack.url, viewSubmission(TICKET_MODAL, { customer: customer(null), subject: text('Printer on fire'), priority: picked('low'), description: text('') }));
    await eventually(() => posts.length > 0 && posts);
    expect(bot.dispatcher.calls[0]!.envelope.input).toEqual({ kind: 'intent', intent: { intent: 'create_ticket', slots: { subject: 'Printer on fire', priority: 'low' } } });
  });
});
