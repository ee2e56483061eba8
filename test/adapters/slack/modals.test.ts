import { describe, expect, it } from 'vitest';
import { candidatePhrases, channelPhrase } from '../../../adapters/slack/customers.js';
import { DEAL_MODAL, guessPriority, NOTE_MODAL, parseAmount, readModal, SHORTCUTS, shortcutModal, TICKET_MODAL, withMessageLink, type StateValues } from '../../../adapters/slack/modals.js';

const text = (value: string) => ({ value: { value } });
const picked = (value: string) => ({ value: { selected_option: { value } } });
const customer = (name: string) => ({ customer_search: { selected_option: { value: name } } });

describe('reading modals back as structured commands', () => {
  it('turns the ticket form into create_ticket, leaving out empty optional fields', () => {
    const values: StateValues = { customer: customer('Acme Corp'), subject: text('  Invoice   PDF\nblank '), priority: picked('high'), description: text('line 1\nline 2') };
    expect(readModal(TICKET_MODAL, values)).toEqual({
      command: { intent: 'create_ticket', slots: { subject: 'Invoice PDF blank', priority: 'high', customer: 'Acme Corp', description: 'line 1\nline 2' } },
    });
    expect(readModal(TICKET_MODAL, { customer: { customer_search: { selected_option: null } }, subject: text('x'), priority: picked('bogus') })).toEqual({
      command: { intent: 'create_ticket', slots: { subject: 'x', priority: 'normal' } },
    });
  });

  it('turns the note form into log_activity of kind note, and names both missing fields at once', () => {
    expect(readModal(NOTE_MODAL, { customer: customer('Initech'), note: text('Asked for SSO') })).toEqual({
      command: { intent: 'log_activity', slots: { kind: 'note', customer: 'Initech', summary: 'Asked for SSO' } },
    });
    expect(readModal(NOTE_MODAL, { note: text(' ') })).toEqual({ errors: { customer: 'Which customer is this note about?', note: 'The note is empty.' } });
  });

  it('checks the deal form: amount, currency, date', () => {
    const base = { customer: customer('Contoso'), stage: picked('lead') };
    expect(readModal(DEAL_MODAL, { ...base, amount: text('12,500'), currency: text('gbp'), close_date: { value: { selected_date: '2028-02-29' } } })).toEqual({
      command: { intent: 'create_deal', slots: { customer: 'Contoso', amount: 12500, currency: 'GBP', stage: 'lead', close_date: '2028-02-29' } },
    });
    expect(readModal(DEAL_MODAL, { ...base, amount: text('-5'), currency: text('dollars'), close_date: { value: { selected_date: '2027-13-01' } } })).toEqual({
      errors: {
        amount: 'Write the amount as a number, e.g. 12500, 12,500.00 or 12.5k.',
        currency: 'Use a three-letter currency code such as USD or EUR.',
        close_date: 'Pick a date from the calendar, e.g. 2027-03-31.',
      },
    });
    expect(readModal(DEAL_MODAL, { stage: picked('won') })).toEqual({ errors: { customer: 'Which customer is the deal with?' } });
  });

  it('reads amounts people type', () => {
    expect(parseAmount('12500')).toEqual({ value: 12500 });
    expect(parseAmount('12,500.50')).toEqual({ value: 12500.5 });
    expect(parseAmount('$12.5k')).toEqual({ value: 12500, currency: 'USD' });
    expect(parseAmount('2M')).toEqual({ value: 2_000_000 });
    expect(parseAmount('0')).toEqual({ value: 0 });
    for (const bad of ['', 'abc', '12.345', '1,25', '12 500 000 0', '1e5', '-3', '2000000000000']) expect(parseAmount(bad), bad).toBeNull();
  });

  it('adds the message link to the description or note, within the catalog’s limits', () => {
    const link = 'https://acme.slack.com/archives/C1/p1';
    expect(withMessageLink({ intent: 'create_ticket', slots: { subject: 's', priority: 'normal' } }, link).slots.description).toBe(`From Slack: ${link}`);
    const long = withMessageLink({ intent: 'log_activity', slots: { kind: 'note', customer: 'X', summary: 'y'.repeat(5000) } }, link).slots.summary as string;
    expect(long.length).toBeLessThanOrEqual(4000);
    expect(long.endsWith(`\n\nFrom Slack: ${link}`)).toBe(true);
    const deal = { intent: 'create_deal', slots: { customer: 'X' } };
    expect(withMessageLink(deal, link)).toBe(deal);
  });
});

describe('shortcut modal pre-fill', () => {
  it('puts the message as subject (one line) and description (lines kept), with the guessed customer', () => {
    const view = shortcutModal(
      { callback_id: 'create_ticket_from_message', trigger_id: 't', team: null, channel: { id: 'C1' }, user: { id: 'U1' }, message: { ts: '1.2', text: 'Line one &amp; <@U123|bob>\nline two' } },
      'Acme Corp',
    );
    const blocks = view.blocks as any[];
    expect(blocks[0].element.initial_option).toEqual({ text: { type: 'plain_text', text: 'Acme Corp' }, value: 'Acme Corp' });
    expect(blocks[1].element.initial_value).toBe('Line one & @bob line two');
    expect(blocks[3].element.initial_value).toBe('Line one & @bob\nline two');
    expect(view.private_metadata).toBe(JSON.stringify({ channel: 'C1', messageTs: '1.2' }));
  });

  it('starts the priority from the words people use to say so', () => {
    expect(guessPriority('Checkout is broken, need a fix ASAP')).toBe('urgent');
    expect(guessPriority('Critical: invoices not sent')).toBe('high');
    expect(guessPriority('The PDF is blank; we went down the list')).toBe('normal');
  });

  it('looks up addresses, capitalised names (also without a sentence-opening word) and domains', () => {
    expect(candidatePhrases('Hi Acme Corp team, jane@acme.example wrote from initech.example about Fabrikam')).toEqual([
      'jane@acme.example',
      'Hi Acme Corp',
      'Acme Corp',
      'Fabrikam',
      'initech.example',
    ]);
    expect(channelPhrase('ext-acme-corp-support')).toBe('acme corp');
    expect(channelPhrase('support')).toBe('');
  });
});

describe('the app manifest', () => {
  it('declares what the listeners answer: /crm, both shortcuts, and the picker’s options URL', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = await readFile(new URL('../../../adapters/slack/manifest.yml', import.meta.url), 'utf8');
    for (const callbackId of Object.values(SHORTCUTS)) expect(manifest).toContain(`callback_id: ${callbackId}`);
    expect(manifest).toContain('- command: /crm');
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: \S+\/slack\/events\n(?:\s+#.*\n)?\s+message_menu_options_url: \S+\/slack\/events/);
    expect(manifest).toMatch(/bot_events:[\s\S]*- app_home_opened/);
  });
});
