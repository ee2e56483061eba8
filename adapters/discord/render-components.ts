import {
  ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIStringSelectComponent,
} from 'discord.js';
import type { Action, Block } from '../../src/reply/reply.js';
import { encodeAction } from '../../src/reply/action-codec.js';
import { plainLabel, truncate } from './discord-markdown.js';

export type DiscordActionRow = APIActionRowComponent<APIButtonComponentWithCustomId | APIStringSelectComponent>;

/** Discord's component limits. */
export const COMPONENT_LIMITS = { rows: 5, buttonsPerRow: 5, label: 80, selectOptions: 25, optionText: 100, placeholder: 150 } as const;

const STYLE = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger } as const;

/**
 * Reply actions → action rows: each actions block starts a new row, buttons fill rows of five,
 * a select menu takes a row of its own. A select's custom_id is its ActionRef; the chosen
 * option's value replaces the ref's value when the click comes back (see interaction-router).
 * Whatever does not fit is left out and reported in `notes` for the message to mention.
 */
export function renderComponents(blocks: Block[]): { rows: DiscordActionRow[]; notes: string[] } {
  const rows: DiscordActionRow[] = [];
  const usedIds = new Set<string>();
  let left = 0;
  let unreadable = 0;

  const place = (component: APIButtonComponentWithCustomId | APIStringSelectComponent, ownRow: boolean) => {
    const last = rows.at(-1);
    const fits = !ownRow && last && last.components.length < COMPONENT_LIMITS.buttonsPerRow && last.components[0]?.type === ComponentType.Button;
    if (fits) last.components.push(component);
    else if (rows.length < COMPONENT_LIMITS.rows) rows.push({ type: ComponentType.ActionRow, components: [component] });
    else left++;
  };

  for (const block of blocks) {
    if (block.type !== 'actions') continue;
    let first = true;
    for (const action of block.actions) {
      const id = customId(action);
      // Discord refuses a message whose custom_ids repeat or run over 100 characters.
      if (!id || usedIds.has(id)) {
        unreadable++;
        continue;
      }
      usedIds.add(id);
      if (action.kind === 'button') {
        place(renderButton(action, id), first);
      } else {
        const select = renderSelect(action, id);
        if (select.options.length) place(select, true);
        else unreadable++;
      }
      first = false;
    }
  }
  const notes: string[] = [];
  if (left) notes.push(`${left} more option${left === 1 ? '' : 's'} did not fit: ask again more specifically.`);
  if (unreadable) notes.push(`${unreadable} button${unreadable === 1 ? '' : 's'} could not be shown.`);
  return { rows, notes };
}

function customId(action: Action): string | null {
  try {
    return encodeAction(action.ref);
  } catch {
    return null;
  }
}

function label(value: string, max: number): string {
  return truncate(plainLabel(value), max) || '…';
}

function renderButton(action: Extract<Action, { kind: 'button' }>, id: string): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: action.style ? STYLE[action.style] : ButtonStyle.Secondary,
    label: label(action.label, COMPONENT_LIMITS.label),
    custom_id: id,
  };
}

function renderSelect(action: Extract<Action, { kind: 'select' }>, id: string): APIStringSelectComponent {
  const seen = new Set<string>();
  // Option values must be unique and ≤ 100; repeated or oversized ones could not be told apart.
  const options = action.options
    .filter((o) => o.value.length > 0 && o.value.length <= COMPONENT_LIMITS.optionText && !seen.has(o.value) && seen.add(o.value))
    .slice(0, COMPONENT_LIMITS.selectOptions)
    .map((o) => ({ label: label(o.label, COMPONENT_LIMITS.optionText), value: o.value }));
  return {
    type: ComponentType.StringSelect,
    custom_id: id,
    placeholder: label(action.placeholder, COMPONENT_LIMITS.placeholder),
    options,
  };
}
