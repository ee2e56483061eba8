import {
  ApplicationCommandOptionType, ComponentType, InteractionResponseType, InteractionType, TextInputStyle,
  type APIApplicationCommandInteractionDataOption, type APIChatInputApplicationCommandInteraction, type APIInteraction,
  type APIInteractionResponse, type APIMessageComponentInteraction, type APIModalSubmitInteraction,
} from 'discord.js';
import type { Kysely } from 'kysely';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import type { Envelope } from '../../src/app/envelope.js';
import type { Logger } from '../../src/app/logger.js';
import type { Database } from '../../src/db/database.js';
import { decodeAction, encodeAction } from '../../src/reply/action-codec.js';
import { privateReply, text, type ActionRef, type Reply } from '../../src/reply/reply.js';
import { commandToText, type CommandArgs } from './commands.js';
import { customerChoices } from './autocomplete.js';
import type { InteractionWebhook } from './discord-rest.js';
import { deliverToCommand, deliverToComponent, notice } from './deliver.js';

export interface RouterDeps {
  dispatcher: Dispatcher;
  db: Kysely<Database>;
  logger: Logger;
}

/**
 * What to do with one interaction: `response` goes back at once (the HTTP body, or the
 * callback POST on the gateway), well inside Discord's 3 seconds; `followUp` then does the
 * real work and answers through the interaction webhook (its token lasts 15 minutes).
 */
export interface InteractionPlan {
  response: APIInteractionResponse;
  followUp?: (webhook: InteractionWebhook) => Promise<void>;
}

type ChatInput = APIChatInputApplicationCommandInteraction;
type Option = APIApplicationCommandInteractionDataOption;
const EDIT_INPUT = 'text';

/** Raw interaction JSON → plan. One branch per interaction kind; no Discord client needed. */
export async function routeInteraction(raw: APIInteraction, deps: RouterDeps): Promise<InteractionPlan> {
  switch (raw.type) {
    case InteractionType.Ping:
      return { response: { type: InteractionResponseType.Pong } };
    case InteractionType.ApplicationCommandAutocomplete: {
      const focused = flatOptions(raw.data.options ?? []).find((o) => 'focused' in o && o.focused);
      const query = focused && 'value' in focused ? String(focused.value) : '';
      return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: await customerChoices(deps, query) } } };
    }
    case InteractionType.ApplicationCommand:
      return routeCommand(raw as ChatInput, deps);
    case InteractionType.MessageComponent:
      return routeComponent(raw, deps);
    case InteractionType.ModalSubmit:
      return routeModal(raw, deps);
    default:
      return { response: notice('I do not handle that kind of interaction.') };
  }
}

function routeCommand(raw: ChatInput, deps: RouterDeps): InteractionPlan {
  const options = raw.data.options ?? [];
  const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const text = commandToText(raw.data.name, sub?.name, argsOf(options));
  if (text === null) return { response: notice('I do not know that command any more. Try `/crm` with your request in your own words.') };
  // Always defer: the dispatcher may wait on the database or an LLM, and a late answer is lost.
  return {
    response: { type: InteractionResponseType.DeferredChannelMessageWithSource },
    followUp: async (webhook) => deliverToCommand(webhook, await dispatchSafely(deps, envelopeOf(raw, { kind: 'message', text })), deps.logger),
  };
}

function routeComponent(raw: APIMessageComponentInteraction, deps: RouterDeps): InteractionPlan {
  const decoded = decodeAction(raw.data.custom_id);
  if (!decoded) return { response: notice('I could not read that button. Please ask again.') };
  if (decoded.verb === 'edit') return { response: editModal(decoded) };
  const ref: ActionRef = raw.data.component_type === ComponentType.StringSelect ? { ...decoded, value: raw.data.values[0] ?? '' } : decoded;
  // Deferred update: no "thinking…" placeholder, and the clicked message is what gets replaced.
  return {
    response: { type: InteractionResponseType.DeferredMessageUpdate },
    followUp: async (webhook) => deliverToComponent(webhook, await dispatchSafely(deps, envelopeOf(raw, { kind: 'action', ref })), deps.logger),
  };
}

/** "Edit" on a confirmation card opens a box for the corrected request instead of a second round trip. */
function editModal(ref: ActionRef): APIInteractionResponse {
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: encodeAction(ref),
      title: 'Correct the request',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.TextInput, custom_id: EDIT_INPUT, label: 'What should I do?', style: TextInputStyle.Paragraph, required: true, max_length: 1000 }],
        },
      ],
    },
  };
}

function routeModal(raw: APIModalSubmitInteraction, deps: RouterDeps): InteractionPlan {
  const ref = decodeAction(raw.data.custom_id);
  const inputs = raw.data.components.flatMap((row) => ('components' in row ? row.components : 'component' in row ? [row.component] : []));
  const input = inputs.find((c) => c.custom_id === EDIT_INPUT);
  const text = input && 'value' in input ? String(input.value).trim() : '';
  if (!ref || ref.verb !== 'edit' || !text) return { response: notice('I could not read that form. Please ask again.') };
  const respond = raw.message ? InteractionResponseType.DeferredMessageUpdate : InteractionResponseType.DeferredChannelMessageWithSource;
  return {
    response: { type: respond },
    followUp: async (webhook) => {
      // The click is checked like any other (the owner only), which also drops the pending request.
      const dropped = await dispatchSafely(deps, envelopeOf(raw, { kind: 'action', ref }, `${raw.id}:edit`));
      const deliver = respond === InteractionResponseType.DeferredMessageUpdate ? deliverToComponent : deliverToCommand;
      if (dropped?.private) return deliver(webhook, dropped, deps.logger);
      await deliver(webhook, await dispatchSafely(deps, envelopeOf(raw, { kind: 'message', text })), deps.logger);
    },
  };
}

/** The dispatcher catches its own errors; this covers what it cannot (a lost database connection). */
async function dispatchSafely(deps: RouterDeps, envelope: Envelope): Promise<Reply | null> {
  try {
    return await deps.dispatcher.dispatch(envelope);
  } catch (error) {
    deps.logger.error({ err: error, event: envelope.eventId }, 'discord interaction failed');
    return privateReply(text('Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.', 'error'));
  }
}

/** The neutral envelope; the interaction id makes a redelivered interaction run once. */
export function envelopeOf(raw: APIInteraction, input: Envelope['input'], eventId: string = raw.id): Envelope {
  const user = raw.member?.user ?? raw.user;
  const envelope: Envelope = {
    platform: 'discord',
    workspaceId: raw.guild_id ?? 'dm',
    userId: user?.id ?? 'unknown',
    channelId: raw.channel?.id ?? raw.channel_id ?? 'unknown',
    isDirect: raw.guild_id === undefined,
    eventId,
    // Every answer goes through deliver.ts, which shows the figures first and edits the chart in.
    chartsFollow: true,
    input,
  };
  const name = raw.member?.nick ?? user?.global_name ?? user?.username;
  if (name) envelope.userName = name;
  return envelope;
}

/** Top-level options, or a subcommand's (its options are nested one level down). */
function flatOptions(options: readonly Option[]): Option[] {
  return options.flatMap((o) => ('options' in o && o.options ? flatOptions(o.options) : [o]));
}

function argsOf(options: readonly Option[]): CommandArgs {
  const args: Record<string, string | number | boolean> = {};
  for (const o of flatOptions(options)) if ('value' in o && o.value !== undefined) args[o.name] = o.value;
  return args;
}
