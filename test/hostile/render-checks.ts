import { expect } from 'vitest';
import { renderBlockKit, SLACK_LIMITS } from '../../adapters/slack/render-block-kit.js';
import { LIMITS as DISCORD, renderDiscord } from '../../adapters/discord/render-discord.js';
import type { Reply } from '../../src/reply/reply.js';
import { FORBIDDEN_IN_OUTPUT } from './corpus.js';

type Json = Record<string, any>;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string a payload holds, with the key it sits under. */
function strings(value: unknown, key = ''): Array<{ key: string; text: string }> {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

function expectClean(where: string, texts: Array<{ key: string; text: string }>): void {
  for (const { key, text } of texts) {
    expect(FORBIDDEN_IN_OUTPUT.test(text), `${where} ${key} holds a control or bidi character: ${JSON.stringify(text.slice(0, 80))}`).toBe(false);
    expect(LONE_SURROGATE.test(text), `${where} ${key} holds a lone surrogate`).toBe(false);
  }
}

/** What Slack would receive: inside Block Kit's limits, no live mention or broadcast, nothing unprintable. */
export function expectSafeSlack(reply: Reply): void {
  const message = renderBlockKit(reply);
  const blocks = message.blocks as Json[];
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
  const mrkdwn: string[] = [message.text];
  const plain: string[] = [];
  const collect = (obj: Json | undefined) => {
    if (!obj) return;
    (obj.type === 'mrkdwn' ? mrkdwn : plain).push(obj.text);
  };
  for (const block of blocks) {
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      collect(block.text);
      expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
      for (const f of block.fields ?? []) {
        expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
        collect(f);
      }
    } else if (block.type === 'header') {
      expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      collect(block.text);
    } else if (block.type === 'context') {
      for (const e of block.elements) {
        expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        collect(e);
      }
    } else if (block.type === 'actions') {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.elementsPerActions);
      for (const e of block.elements) {
        if (e.text) {
          expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
          collect(e.text);
        }
        if (e.action_id) expect(e.action_id.length).toBeLessThanOrEqual(255);
        if (e.value) expect(e.value.length).toBeLessThanOrEqual(2000);
      }
    }
  }
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const text of mrkdwn) {
    // Slack only parses <!channel>, <@U…>, <#C…> and <url|label> from real angle brackets.
    expect(text, 'a live Slack mention or link').not.toMatch(/<[!@#]|<https?:/);
    expect(text, 'a broadcast word').not.toMatch(/@(channel|here|everyone)\b/i);
  }
  for (const text of plain) expect(text, 'a broadcast word').not.toMatch(/@(channel|here|everyone)\b/i);
  expectClean('slack', strings(blocks).concat({ key: 'text', text: message.text }));
}

/** What Discord would receive: pings disabled, inside the message/embed limits, mentions inert. */
export function expectSafeDiscord(reply: Reply): void {
  const message = renderDiscord(reply);
  expect(message.allowed_mentions).toEqual({ parse: [] });
  expect((message.content ?? '').length).toBeLessThanOrEqual(DISCORD.content);
  expect(message.embeds.length).toBeLessThanOrEqual(DISCORD.embeds);
  for (const embed of message.embeds) {
    expect((embed.title ?? '').length).toBeLessThanOrEqual(DISCORD.title);
    expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD.description);
    expect((embed.fields ?? []).length).toBeLessThanOrEqual(DISCORD.fields);
    for (const f of embed.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD.fieldValue);
    }
    expect((embed.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD.footer);
    const total = [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(total).toBeLessThanOrEqual(DISCORD.embedTotal);
  }
  for (const row of message.components) {
    for (const c of row.components as Json[]) {
      if (c.custom_id) expect(c.custom_id.length).toBeLessThanOrEqual(100);
      if (c.label) expect(c.label.length).toBeLessThanOrEqual(80);
    }
  }
  const shown = strings({ content: message.content, embeds: message.embeds });
  for (const { text } of shown) {
    expect(text, 'an unescaped Discord mention').not.toMatch(/(^|[^\\])<[@#][&!]?\d/);
    expect(text, 'a mass mention').not.toMatch(/@(everyone|here)/i);
  }
  expectClean('discord', strings(message));
}
