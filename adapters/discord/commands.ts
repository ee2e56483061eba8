/**
 * The slash commands, as data: `registerDiscordCommands` sends exactly this to Discord, and the
 * router turns a command's options back into the sentence the intent parser already reads, so
 * slash commands and chat messages take the same path through the core.
 * Option types: 1 subcommand, 3 string, 4 integer, 10 number (Discord's numbering).
 */
const customer = (description: string, required: boolean) => ({ type: 3, name: 'customer', description, required, autocomplete: true, max_length: 100 }) as const;
const ticketNumber = { type: 4, name: 'number', description: 'Ticket number', required: true, min_value: 1 } as const;
const choices = <T extends string>(...values: T[]) => values.map((v) => ({ name: v.replace(/_/g, ' '), value: v }));
const STAGES = choices('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost');
const TICKET_STATUSES = choices('open', 'pending', 'resolved', 'closed');
// Guild channels and DMs with the bot (InteractionContextType 0 and 1), guild installs only.
const WHERE = { contexts: [0, 1], integration_types: [0] } as const;

export const DISCORD_COMMANDS = [
  {
    name: 'crm', ...WHERE, description: 'Ask Rapport anything, in your own words',
    options: [{ type: 3, name: 'text', description: 'e.g. log a call with Acme: renewal, follow up Tuesday', required: true, max_length: 1000 }],
  },
  { name: 'lookup', ...WHERE, description: 'Show a customer card', options: [customer('Name, email, phone or website', true)] },
  {
    name: 'log', ...WHERE, description: 'Log a call, meeting, email or note',
    options: [
      { type: 3, name: 'kind', description: 'What happened', required: true, choices: choices('call', 'meeting', 'email', 'note') },
      customer('Customer', true),
      { type: 3, name: 'summary', description: 'What was said', required: false, max_length: 500 },
      { type: 3, name: 'contact', description: 'Who you spoke to', required: false, max_length: 100 },
      { type: 3, name: 'follow_up', description: 'When to follow up, e.g. next Tuesday', required: false, max_length: 50 },
    ],
  },
  {
    name: 'ticket', ...WHERE, description: 'Support tickets',
    options: [
      {
        type: 1, name: 'open', description: 'Open a ticket',
        options: [
          { type: 3, name: 'subject', description: 'What is wrong', required: true, max_length: 200 },
          customer('Customer', false),
          { type: 3, name: 'priority', description: 'Priority (normal by default)', required: false, choices: choices('low', 'normal', 'high', 'urgent') },
        ],
      },
      { type: 1, name: 'show', description: 'Show a ticket', options: [ticketNumber] },
      { type: 1, name: 'close', description: 'Close a ticket', options: [ticketNumber] },
      {
        type: 1, name: 'assign', description: 'Assign a ticket',
        options: [ticketNumber, { type: 3, name: 'to', description: 'Teammate (you by default)', required: false, max_length: 100 }],
      },
      {
        type: 1, name: 'list', description: 'List tickets',
        options: [
          { type: 3, name: 'scope', description: 'Whose tickets', required: false, choices: choices('mine', 'all') },
          { type: 3, name: 'status', description: 'Status', required: false, choices: TICKET_STATUSES },
          customer('Only this customer', false),
        ],
      },
    ],
  },
  {
    name: 'deal', ...WHERE, description: 'Deals in the pipeline',
    options: [
      {
        type: 1, name: 'new', description: 'Create a deal',
        options: [
          customer('Customer', true),
          { type: 3, name: 'title', description: 'Title', required: false, max_length: 100 },
          { type: 10, name: 'amount', description: 'Amount', required: false, min_value: 0 },
          { type: 3, name: 'currency', description: 'Currency code, e.g. EUR', required: false, min_length: 3, max_length: 3 },
          { type: 3, name: 'stage', description: 'Stage', required: false, choices: STAGES },
          { type: 3, name: 'close', description: 'Expected close, e.g. end of month', required: false, max_length: 50 },
        ],
      },
      {
        type: 1, name: 'update', description: 'Move or change a deal',
        options: [
          { type: 3, name: 'deal', description: 'Customer name or deal number', required: true, autocomplete: true, max_length: 100 },
          { type: 3, name: 'stage', description: 'New stage', required: false, choices: STAGES },
          { type: 10, name: 'amount', description: 'New amount', required: false, min_value: 0 },
          { type: 3, name: 'close', description: 'New expected close', required: false, max_length: 50 },
        ],
      },
    ],
  },
  {
    name: 'report', ...WHERE, description: 'Reports',
    options: [
      { type: 3, name: 'kind', description: 'Which report', required: true, choices: choices('revenue', 'top_customers', 'pipeline', 'tickets', 'activities', 'segments') },
      { type: 3, name: 'period', description: 'e.g. this month, last quarter, Q3', required: false, max_length: 50 },
      { type: 4, name: 'limit', description: 'How many (top customers)', required: false, min_value: 1, max_value: 25 },
    ],
  },
  {
    name: 'remind', ...WHERE, description: 'Set a reminder',
    options: [
      { type: 3, name: 'what', description: 'e.g. send the contract', required: true, max_length: 200 },
      { type: 3, name: 'when', description: 'e.g. tomorrow at 3pm', required: true, max_length: 50 },
      customer('About this customer', false),
    ],
  },
] as const;

export type DiscordCommandName = (typeof DISCORD_COMMANDS)[number]['name'];
/** Option values as Discord sends them, flattened (a subcommand's options included). */
export type CommandArgs = Readonly<Record<string, string | number | boolean | undefined>>;

const s = (args: CommandArgs, key: string): string | undefined => {
  const v = args[key];
  return v === undefined || v === '' ? undefined : String(v).trim() || undefined;
};
const join = (...parts: Array<string | false | undefined>) => parts.filter(Boolean).join('');

const REPORT_TEXT: Record<string, (a: CommandArgs) => string> = {
  revenue: (a) => join('revenue report', s(a, 'period') && ` ${s(a, 'period')}`),
  top_customers: (a) => join('top ', s(a, 'limit') && `${s(a, 'limit')} `, 'customers by revenue ', s(a, 'period') ?? 'this year'),
  pipeline: () => 'pipeline report',
  tickets: (a) => join('tickets report', s(a, 'period') && ` ${s(a, 'period')}`),
  activities: (a) => join('activities report', s(a, 'period') && ` ${s(a, 'period')}`),
  segments: (a) => join('segments report', s(a, 'period') && ` ${s(a, 'period')}`),
};

function ticketText(sub: string | undefined, a: CommandArgs): string | null {
  switch (sub) {
    case 'open': {
      const priority = s(a, 'priority') ?? 'normal';
      const kind = priority === 'urgent' ? 'an urgent ticket' : priority === 'normal' ? 'a ticket' : `a ${priority} priority ticket`;
      return join(`open ${kind}`, s(a, 'customer') && ` for ${s(a, 'customer')}`, `: ${s(a, 'subject') ?? ''}`);
    }
    case 'show':
      return `show ticket ${s(a, 'number')}`;
    case 'close':
      return `close ticket ${s(a, 'number')}`;
    case 'assign':
      return `assign ticket ${s(a, 'number')} to ${s(a, 'to') ?? 'me'}`;
    case 'list': {
      const status = s(a, 'status');
      if (s(a, 'customer')) return join(status && `${status} `, `tickets for ${s(a, 'customer')}`);
      return `${s(a, 'scope') === 'all' ? 'all' : 'my'} ${status ?? 'open'} tickets`;
    }
    default:
      return null;
  }
}

function dealText(sub: string | undefined, a: CommandArgs): string | null {
  const money = s(a, 'amount') && (s(a, 'currency') ? `${s(a, 'amount')} ${s(a, 'currency')!.toUpperCase()}` : `amount ${s(a, 'amount')}`);
  if (sub === 'new') {
    const details = [s(a, 'title'), money, s(a, 'stage') && `stage ${s(a, 'stage')}`, s(a, 'close') && `closing ${s(a, 'close')}`].filter(Boolean);
    return join(`new deal for ${s(a, 'customer')}`, details.length > 0 && `: ${details.join(', ')}`);
  }
  if (sub === 'update') {
    const ref = s(a, 'deal') ?? '';
    const deal = /^#?\d+$/.test(ref) ? `deal #${ref.replace('#', '')}` : `the ${ref} deal`;
    const rest = [money, s(a, 'close') && `closing ${s(a, 'close')}`].filter(Boolean).join(', ');
    if (s(a, 'stage')) return join(`move ${deal} to ${s(a, 'stage')}`, rest && `, ${rest}`);
    return `update ${deal}: ${rest}`;
  }
  return null;
}

/**
 * A slash command as the sentence a user would have typed; null for a command this version
 * does not know (an old registration), which the router answers with a hint.
 */
export function commandToText(name: string, subcommand: string | undefined, a: CommandArgs): string | null {
  switch (name) {
    case 'crm':
      return s(a, 'text') ?? '';
    case 'lookup':
      return `look up ${s(a, 'customer') ?? ''}`;
    case 'log': {
      const kind = s(a, 'kind') ?? 'note';
      const who = join(s(a, 'contact') && `${s(a, 'contact')} at `, s(a, 'customer'));
      const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
      return join(`log ${article} ${kind} ${kind === 'note' ? 'for' : 'with'} ${who}`, s(a, 'summary') && `: ${s(a, 'summary')}`, s(a, 'follow_up') && `, follow up ${s(a, 'follow_up')}`);
    }
    case 'ticket':
      return ticketText(subcommand, a);
    case 'deal':
      return dealText(subcommand, a);
    case 'report':
    {
      const kind = s(a, 'kind') ?? '';
      return Object.hasOwn(REPORT_TEXT, kind) ? REPORT_TEXT[kind]!(a) : null;
    }
    case 'remind': {
      const what = s(a, 'what') ?? '';
      const about = s(a, 'customer');
      const mentioned = about !== undefined && what.toLowerCase().includes(about.toLowerCase());
      return join(`remind me to ${what} ${s(a, 'when') ?? ''}`, about && !mentioned && ` for ${about}`);
    }
    default:
      return null;
  }
}
