import { describe, expect, it } from 'vitest';
import { LIMITS, TRUNCATED_NOTE, renderDiscord, replyFiles } from '../../../adapters/discord/render-discord.js';
import { escapeMarkdown, truncateMarkdown } from '../../../adapters/discord/discord-markdown.js';
import {
  actions, button, context, divider, fields, header, list, privateReply, reply, table, text, type Action, type Block,
} from '../../../src/reply/reply.js';

const ZWSP = '\u200b';

describe('renderDiscord', () => {
  it('renders a structured card as one embed with fields, a table code block and buttons', () => {
    const card = reply(
      header('Acme Corp'),
      text('Deal moved to negotiation', 'success'),
      fields({ label: 'Owner', value: 'Jane_Doe' }, { label: 'Notes', value: 'x'.repeat(50) }),
      table([{ key: 'n', label: 'Name' }, { key: 'v', label: 'Total', align: 'right' }], [{ n: 'A`b', v: '1' }, { n: 'Beta', v: '200' }], 'Top 2'),
      list(['one', 'two'], true),
      divider(),
      context('Updated just now'),
      actions(button('Undo', { verb: 'undo', value: '7', forUserId: 3 }), button('Close ticket', { verb: 'ticket.close', value: '42' }, 'danger')),
    );
    expect(renderDiscord(card)).toEqual({
      embeds: [
        {
          color: 0x2e7d32,
          title: 'Acme Corp',
          description:
            '✅ Deal moved to negotiation\n\n```\nName  Total\n────  ─────\nAˋb       1\nBeta    200\n```\nTop 2\n\n1. one\n2. two\n\n───',
          fields: [
            { name: 'Owner', value: 'Jane\\_Doe', inline: true },
            { name: 'Notes', value: 'x'.repeat(50), inline: false },
          ],
          footer: { text: 'Updated just now' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: 'Undo', custom_id: 'undo:3:7' },
            { type: 2, style: 4, label: 'Close ticket', custom_id: 'ticket.close::42' },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('sends a text-only reply as content, ephemeral when private', () => {
    const card = privateReply(
      text('Log a call with Acme?', 'warning'),
      context('Nothing is saved until you confirm'),
      actions(button('Confirm', { verb: 'confirm', value: 'log_activity', forUserId: 1 }, 'primary'), button('Cancel', { verb: 'cancel', value: 'log_activity', forUserId: 1 }, 'danger')),
    );
    expect(renderDiscord(card)).toEqual({
      content: '⚠️ Log a call with Acme?\n-# Nothing is saved until you confirm',
      embeds: [],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 1, label: 'Confirm', custom_id: 'confirm:1:log_activity' },
            { type: 2, style: 4, label: 'Cancel', custom_id: 'cancel:1:log_activity' },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
      flags: 64,
    });
  });

  it('neutralises mention and markdown injection in every text position', () => {
    const evil = '@everyone **bold** <@123> <@&456> @here `code` ||spoiler|| > quote';
    const out = renderDiscord(
      reply(header(evil), text(evil), fields({ label: evil, value: evil }), list([evil]), context(evil), actions(button(evil, { verb: 'pick', value: 'customerId=1' }))),
    );
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/@everyone|@here/);
    // Markdown positions resolve <@id>: there the bracket is escaped. Labels and footers never resolve mentions.
    expect(JSON.stringify(out.embeds[0]!.description) + JSON.stringify(out.embeds[0]!.fields)).not.toMatch(/[^\\]<@/);
    expect(out.allowed_mentions).toEqual({ parse: [] });
    expect(out.embeds[0]!.title).toBe(`@${ZWSP}everyone \\*\\*bold\\*\\* \\<@123\\> \\<@&456\\> @${ZWSP}here \\\`code\\\` \\|\\|spoiler\\|\\| \\> quote`);
    // Button labels and footers show no markdown: only the mass mentions are broken there.
    expect(out.components[0]!.components[0]).toMatchObject({ label: `@${ZWSP}everyone **bold** <@123> <@&456> @${ZWSP}here \`code\` ||spoiler|| > quote`});
    expect(out.embeds[0]!.footer!.text).toBe(`@${ZWSP}everyone **bold** <@123> <@&456> @${ZWSP}here \`code\` ||spoiler|| > quote`);
  });

  it('escapes headings, lists and quotes at the start of user lines', () => {
    expect(escapeMarkdown('# Big\n- item\n1. first\n> quoted')).toBe('\\# Big\n\\- item\n1\\. first\n\\> quoted');
  });

  it('keeps at most 25 fields and says how many were left out', () => {
    const many = fields(...Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: `v${i}` })));
    const embed = renderDiscord(reply(header('Many'), many)).embeds[0]!;
    expect(embed.fields).toHaveLength(25);
    expect(embed.footer).toEqual({ text: '5 more fields not shown.' });
  });

  it('cuts field names and values to 256 and 1024 characters', () => {
    const embed = renderDiscord(reply(fields({ label: 'n'.repeat(300), value: 'v'.repeat(2000) }))).embeds[0]!;
    expect(embed.fields![0]!.name).toHaveLength(256);
    expect(embed.fields![0]!.value).toHaveLength(1024);
    expect(embed.fields![0]!.value.endsWith('…')).toBe(true);
  });

  it('truncates a long description to 4096 with a note and a closed code block', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ n: `Customer number ${i}` }));
    const embed = renderDiscord(reply(header('Long'), table([{ key: 'n', label: 'Name' }], rows))).embeds[0]!;
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.description!.endsWith(`\n\`\`\`\n${TRUNCATED_NOTE}`)).toBe(true);
    expect(embed.description!.match(/```/g)).toHaveLength(2);
  });

  it('keeps the whole embed under 6000 characters', () => {
    const embed = renderDiscord(
      reply(header('Big'), text('t'.repeat(4000)), fields(...Array.from({ length: 10 }, (_, i) => ({ label: `F${i}`, value: 'v'.repeat(1000) })))),
    ).embeds[0]!;
    const total = embed.title!.length + embed.description!.length + embed.footer!.text.length + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(embed.footer!.text).toMatch(/more fields not shown/);
  });

  it('truncates content to 2000 characters', () => {
    const out = renderDiscord(reply(text('word '.repeat(1000))));
    expect(out.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(out.content!.endsWith(TRUNCATED_NOTE)).toBe(true);
  });

  it('lays out at most 5 rows of 5 buttons, drops repeated and oversized ids, and says so', () => {
    const buttons: Action[] = Array.from({ length: 30 }, (_, i) => button(`Pick ${i}`, { verb: 'pick', value: `customerId=${i}` }));
    buttons.push(button('Again', { verb: 'pick', value: 'customerId=0' }), button('Huge', { verb: 'pick', value: 'x'.repeat(120) }));
    const out = renderDiscord(reply(header('Which one?'), actions(...buttons)));
    expect(out.components).toHaveLength(5);
    expect(out.components.every((row) => row.components.length === 5)).toBe(true);
    expect(out.components[4]!.components[4]).toMatchObject({ custom_id: 'pick::customerId=24' });
    expect(out.embeds[0]!.footer!.text).toBe('5 more options did not fit: ask again more specifically. · 2 buttons could not be shown.');
  });

  it('renders a select menu in its own row with unique option values', () => {
    const select: Action = {
      kind: 'select',
      placeholder: 'Snooze for…',
      ref: { verb: 'reminder.snooze', value: '', forUserId: 2 },
      options: [{ label: '1 hour', value: '1h' }, { label: 'Tomorrow', value: '1d' }, { label: 'dup', value: '1d' }],
    };
    const out = renderDiscord(reply(text('Reminder due'), actions(button('Done', { verb: 'reminder.done', value: '9' }), select)));
    expect(out.components).toEqual([
      { type: 1, components: [{ type: 2, style: 2, label: 'Done', custom_id: 'reminder.done::9' }] },
      {
        type: 1,
        components: [
          { type: 3, custom_id: 'reminder.snooze:2:', placeholder: 'Snooze for…', options: [{ label: '1 hour', value: '1h' }, { label: 'Tomorrow', value: '1d' }] },
        ],
      },
    ]);
  });

  it('attaches chart images with alt text and names the files the embeds reference', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const blocks: Block[] = [header('Revenue'), { type: 'image', alt: 'Revenue by month', title: 'Revenue', png }, { type: 'image', alt: 'no bytes', title: 'Saved chart', path: '/tmp/x.png' }];
    const out = renderDiscord(reply(...blocks));
    expect(out.embeds).toEqual([{ color: 0x5865f2, title: 'Revenue', description: '📊 Saved chart', image: { url: 'attachment://chart-1.png' } }]);
    expect(out.attachments).toEqual([{ id: 0, filename: 'chart-1.png', description: 'Revenue by month' }]);
    expect(replyFiles(reply(...blocks))).toEqual([{ name: 'chart-1.png', data: png, contentType: 'image/png' }]);
  });

  it('never leaves a dangling escape or split surrogate when truncating', () => {
    expect(truncateMarkdown(`${'a'.repeat(8)}\\*${'b'.repeat(50)}`, 20, '!')).not.toMatch(/(?<!\\)\\\n/);
    const emoji = truncateMarkdown('😀'.repeat(30), 20, '');
    expect(() => encodeURIComponent(emoji)).not.toThrow();
  });
});
