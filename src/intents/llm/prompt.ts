/**
 * Loads prompts/intent-parser.md once and fills its placeholders for one request. The prompt
 * carries only the clock and the calendar around it: never CRM data, so nothing from the
 * database can leak to the model provider through the parser.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { ParseOptions } from '../types.js';

const PROMPT_URL = new URL('../../../prompts/intent-parser.md', import.meta.url);

let template: string | undefined;

/** The raw template; read lazily so importing this module costs nothing until the LLM is used. */
export function intentPromptTemplate(): string {
  template ??= readFileSync(PROMPT_URL, 'utf8');
  return template;
}

const DAY = 'yyyy-MM-dd';

function span(start: DateTime, end: DateTime): string {
  return `${start.toFormat(DAY)} (${start.toFormat('ccc')}) .. ${end.toFormat(DAY)} (${end.toFormat('ccc')})`;
}

/**
 * A small calendar around today. Models are unreliable at weekday arithmetic; spelling out the
 * days and the current units lets them copy dates instead of computing them.
 */
export function calendarLines(today: DateTime): string {
  const week = today.startOf('week'); // luxon weeks are ISO weeks: Monday first, as intents.md says
  const month = today.startOf('month');
  const quarter = today.startOf('quarter');
  const nextDays = Array.from({ length: 14 }, (_, i) => today.plus({ days: i + 1 }))
    .map((d) => `${d.toFormat('ccc')} ${d.toFormat(DAY)}`)
    .join(', ');
  return [
    `  - this week: ${span(week, week.endOf('week'))}`,
    `  - last week: ${span(week.minus({ weeks: 1 }), week.minus({ days: 1 }))}`,
    `  - next week: ${span(week.plus({ weeks: 1 }), week.plus({ weeks: 1 }).endOf('week'))}`,
    `  - this month: ${month.toFormat(DAY)} .. ${month.endOf('month').toFormat(DAY)}`,
    `  - this quarter (Q${today.quarter}): ${quarter.toFormat(DAY)} .. ${quarter.endOf('quarter').toFormat(DAY)}`,
    `  - the next 14 days: ${nextDays}`,
  ].join('\n');
}

/** Fills `{{name}}` placeholders; an unknown placeholder is a bug in the template, so it throws. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return value;
  });
}

/** The system prompt for one message, with dates in the user's zone (UTC if the zone is invalid). */
export function buildIntentPrompt(opts: ParseOptions): string {
  let now = DateTime.fromJSDate(opts.now, { zone: opts.tz });
  if (!now.isValid) now = DateTime.fromJSDate(opts.now, { zone: 'utc' });
  return fillTemplate(intentPromptTemplate(), {
    today: now.toFormat(DAY),
    weekday: now.toFormat('cccc'),
    time: now.toFormat('HH:mm'),
    timezone: now.zoneName ?? 'UTC',
    offset: now.toFormat('ZZ'),
    calendar: calendarLines(now.startOf('day')),
  });
}
