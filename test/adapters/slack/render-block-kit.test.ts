import { describe, expect, it } from 'vitest';
import { renderBlockKit, SLACK_LIMITS } from '../../../adapters/slack/render-block-kit.js';
import { escapeMrkdwn, slackTextToPlain, stripLeadingMention } from '../../../adapters/slack/mrkdwn.js';
import { decodeAction } from '../../../src/reply/action-codec.js';
import { actions, button, context, divider, fields, header, list, reply, table, text, type Reply } from '../../../src/reply/reply.js';

const plain = (t: string) => ({ type: 'plain_text', text: t, emoji: true });
const mrkdwnSection = (t: string) => ({ type: 'section', text: { type: 'mrkdwn', text: t } });

describe('renderBlockKit', () => {
  it('renders a header, toned text, fields, context and a divider exactly', () => {
    const r = reply(
      header('Acme Corp'),
      text('Call logged.', 'success'),
      text('Check the due date.', 'warning'),
      text('That failed.', 'error'),
      text('Nothing changed.', 'muted'),
      fields({ label: 'Owner', value: 'Sarah Chen' }, { label: 'Phone', value: '' }),
      divider(),
      context('Customer since 2024'),
    );
    expect(renderBlockKit(r).blocks).toEqual([
      { type: 'header', text: plain('Acme Corp') },
      mrkdwnSection(':white_check_mark: Call logged.'),
      mrkdwnSection(':warning: Check the due date.'),
      mrkdwnSection(':x: That failed.'),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Nothing changed.' }] },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Owner*\nSarah Chen' }, { type: 'mrkdwn', text: '*Phone*\n—' }] },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Customer since 2024' }] },
    ]);
  });

  it('renders buttons with encoded action ids, styles, and unique action_ids', () => {
    const r = reply(
      actions(
        button('Undo', { verb: 'undo', value: '41', forUserId: 7 }, 'danger'),
        button('Confirm', { verb: 'confirm', value: 'log_activity', forUserId: 7 }, 'primary'),
        button('Show', { verb: 'ticket.show', value: '12' }),
      ),
      actions(button('Undo', { verb: 'undo', value: '41', forUserId: 7 })),
    );
    expect(renderBlockKit(r).blocks).toEqual([
      {
        type: 'actions',
        elements: [
          { type: 'button', text: plain('Undo'), action_id: 'undo:7:41', value: 'undo:7:41', style: 'danger' },
          { type: 'button', text: plain('Confirm'), action_id: 'confirm:7:log_activity', value: 'confirm:7:log_activity', style: 'primary' },
          { type: 'button', text: plain('Show'), action_id: 'ticket.show::12', value: 'ticket.show::12' },
        ],
      },
      { type: 'actions', elements: [{ type: 'button', text: plain('Undo'), action_id: 'undo:7:41#2', value: 'undo:7:41' }] },
    ]);
  });

  it('renders a select whose every option carries the whole action', () => {
    const r: Reply = {
      blocks: [
        {
          type: 'actions',
          actions: [
            {
              kind: 'select',
              placeholder: 'Which Acme?',
              ref: { verb: 'pick', value: '', forUserId: 3 },
              options: [
                { label: 'Acme Corp (Boston)', value: 'customerId=1' },
                { label: 'Acme Ltd (Leeds)', value: 'customerId=2' },
              ],
            },
          ],
        },
      ],
    };
    const [block] = renderBlockKit(r).blocks;
    expect(block).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'static_select',
          action_id: 'pick:3:',
          placeholder: plain('Which Acme?'),
          options: [
            { text: plain('Acme Corp (Boston)'), value: 'pick:3:customerId=1' },
            { text: plain('Acme Ltd (Leeds)'), value: 'pick:3:customerId=2' },
          ],
        },
      ],
    });
    expect(decodeAction('pick:3:customerId=2')).toEqual({ verb: 'pick', value: 'customerId=2', forUserId: 3 });
  });

  it('renders a table as an aligned code block with its caption as context', () => {
    const r = reply(
      table(
        [
          { key: 'name', label: 'Customer' },
          { key: 'total', label: 'Revenue', align: 'right' },
        ],
        [
          { name: 'Acme & Sons', total: '$1,200.00' },
          { name: 'Globex', total: '$80.50' },
        ],
        'Top customers, this year',
      ),
    );
    expect(renderBlockKit(r).blocks).toEqual([
      mrkdwnSection(['```', 'Customer       Revenue', '───────────  ─────────', 'Acme &amp; Sons  $1,200.00', 'Globex          $80.50', '```'].join('\n')),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Top customers, this year' }] },
    ]);
  });

  it('renders ordered and bullet lists', () => {
    expect(renderBlockKit(reply(list(['One', 'Two'], true), list(['A']))).blocks).toEqual([mrkdwnSection('1. One\n2. Two'), mrkdwnSection('• A')]);
  });

  it('names a chart and hands its bytes to the sender, since Block Kit cannot inline them', () => {
    const png = new Uint8Array([1, 2, 3]);
    const out = renderBlockKit(reply({ type: 'image', alt: 'Revenue by month', title: 'Revenue 2026', png }));
    expect(out.blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: ':bar_chart: Revenue 2026 (chart attached below)' }] }]);
    expect(out.images).toEqual([{ title: 'Revenue 2026', png }]);
  });

  it('escapes mention syntax in user content so nobody is pinged', () => {
    const evil = '<!channel> <!here> <@U123ABC> <https://evil.example|click> @channel @here @everyone & co';
    const out = renderBlockKit(reply(header(evil), text(evil), fields({ label: evil, value: evil }), list([evil]), context(evil), actions(button(evil, { verb: 'ticket.show', value: '1' }))));
    // Every mrkdwn string (Slack parses those) and the fallback text: no markup survives.
    const mrkdwn = JSON.stringify(out, (key, value) => (value?.type === 'plain_text' ? undefined : value));
    for (const raw of ['<!channel>', '<!here>', '<@U123ABC>', '<https://']) expect(mrkdwn).not.toContain(raw);
    // The literal broadcast words are defused everywhere, plain_text included.
    for (const word of ['@channel', '@here', '@everyone']) expect(JSON.stringify(out)).not.toContain(word);
    expect(out.blocks[1]).toEqual(
      mrkdwnSection('&lt;!channel&gt; &lt;!here&gt; &lt;@U123ABC&gt; &lt;https://evil.example|click&gt; @\u2060channel @\u2060here @\u2060everyone &amp; co'),
    );
    // plain_text never parses markup: it keeps the characters, only the broadcast words are defused.
    expect(out.blocks[0]).toEqual({ type: 'header', text: plain('<!channel> <!here> <@U123ABC> <https://evil.example|click> @\u2060channel @\u2060here @\u2060everyone & co') });
    expect(out.text).not.toMatch(/<!|<@/);
  });

  it('splits long text into sections of at most 3000 characters and fields into tens', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const many = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: String(i) }));
    const out = renderBlockKit(reply(text(long), fields(...many)), { maxChars: 100_000 });
    const sections = out.blocks.filter((b) => b.type === 'section');
    for (const s of sections) {
      if ('text' in s && s.text) expect(s.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if ('fields' in s && s.fields) expect(s.fields.length).toBeLessThanOrEqual(10);
    }
    expect(sections.filter((s) => 'fields' in s && s.fields).map((s) => (s as { fields: unknown[] }).fields.length)).toEqual([10, 10, 3]);
  });

  it('cuts an over-long reply under 50 blocks and ~12k characters, keeps its buttons, and says what was left out', () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({ name: `Customer number ${i}`, city: 'Springfield' }));
    const r = reply(
      header('All customers'),
      table([{ key: 'name', label: 'Name' }, { key: 'city', label: 'City' }], rows),
      actions(button('Export', { verb: 'ticket.show', value: '1' })),
    );
    const out = renderBlockKit(r);
    expect(out.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(out.blocks).length).toBeLessThanOrEqual(12_000);
    expect(out.blocks.at(-1)).toMatchObject({ type: 'actions' });
    const note = out.blocks.at(-2) as { type: string; elements: Array<{ text: string }> };
    expect(note.type).toBe('context');
    const shown = out.blocks.filter((b) => b.type === 'section').reduce((n, b) => n + ((b as { text: { text: string } }).text.text.split('\n').length - 4), 0);
    expect(note.elements[0]!.text).toContain(`More: ${600 - shown} more rows not shown`);

    const many = reply(...Array.from({ length: 80 }, (_, i) => text(`Item ${i}`)));
    const cut = renderBlockKit(many);
    expect(cut.blocks).toHaveLength(50);
    expect(JSON.stringify(cut.blocks.at(-1))).toContain('31 more parts not shown');
  });
});

describe('Slack text in and out', () => {
  it('turns Slack markup back into what the user typed', () => {
    expect(slackTextToPlain('log call with <@U1|sarah> about &lt;Acme&gt; &amp; <https://acme.com|acme.com> in <#C1|sales>')).toBe(
      'log call with @sarah about <Acme> & acme.com in #sales',
    );
    expect(stripLeadingMention('<@U0BOT> lookup Acme', 'U0BOT')).toBe('lookup Acme');
    expect(stripLeadingMention('<@U0BOT>: assign to <@U2>', 'U0BOT')).toBe('assign to <@U2>');
    expect(escapeMrkdwn('a\u001b[31m<b>')).toBe('a[31m&lt;b&gt;');
  });
});
