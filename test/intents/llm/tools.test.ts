import { describe, expect, it } from 'vitest';
import { INTENT_NAMES, intentSchemas } from '../../../src/intents/catalog.js';
import { INTENT_TOOLS, stripNulls, toStrictSchema } from '../../../src/intents/llm/tools.js';

type Node = Record<string, unknown>;

/** Every schema node under `node`, with its path, for whole-tree assertions. */
function walk(node: Node, path = '$'): Array<[string, Node]> {
  const out: Array<[string, Node]> = [[path, node]];
  for (const [key, value] of Object.entries(node.properties ?? {})) out.push(...walk(value as Node, `${path}.${key}`));
  (node.anyOf as Node[] | undefined)?.forEach((child, i) => out.push(...walk(child, `${path}|${i}`)));
  if (node.items) out.push(...walk(node.items as Node, `${path}[]`));
  return out;
}

const ALLOWED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'enum', 'const', 'description',
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems',
]);

describe('INTENT_TOOLS', () => {
  it('has one strict function tool per catalog intent, named after it', () => {
    expect(INTENT_TOOLS.map((t) => t.function.name)).toEqual(INTENT_NAMES);
    for (const tool of INTENT_TOOLS) {
      expect(tool.type).toBe('function');
      expect(tool.function.strict).toBe(true);
      expect(tool.function.description).toMatch(/E\.g\. "/);
    }
  });

  it('meets strict mode: every object closed, every property required, only supported keywords', () => {
    for (const tool of INTENT_TOOLS) {
      for (const [path, node] of walk(tool.function.parameters as Node)) {
        const where = `${tool.function.name} ${path}`;
        for (const key of Object.keys(node)) expect(ALLOWED.has(key), `${where} has ${key}`).toBe(true);
        if (node.type === 'object') {
          expect(node.additionalProperties, where).toBe(false);
          expect(node.required, where).toEqual(Object.keys(node.properties as Node));
        }
        if (typeof node.pattern === 'string') expect(node.pattern, where).not.toMatch(/\(\?[=!<]/);
        // A nullable enum must list null somewhere, or strict mode would reject the model's null.
        if (Array.isArray(node.type) && node.enum) expect(node.enum, where).toContain(null);
      }
      expect(tool.function.parameters?.type).toBe('object');
    }
  });

  it('exposes exactly the slots of the catalog, optional ones as nullable', () => {
    for (const tool of INTENT_TOOLS) {
      const name = tool.function.name as keyof typeof intentSchemas;
      const shape = intentSchemas[name].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      const properties = tool.function.parameters?.properties as Record<string, Node>;
      expect(Object.keys(properties).sort(), name).toEqual(Object.keys(shape).sort());
      for (const [slot, schema] of Object.entries(shape)) {
        const optional = schema.safeParse(undefined).success;
        const acceptsNull = JSON.stringify(properties[slot]).includes('"null"');
        expect(acceptsNull, `${name}.${slot}`).toBe(optional);
      }
    }
  });

  it('keeps enums and simple patterns the model should honour', () => {
    const params = INTENT_TOOLS.find((t) => t.function.name === 'create_deal')!.function.parameters as Node;
    const props = params.properties as Record<string, Node>;
    expect(JSON.stringify(props.stage)).toContain('"negotiation"');
    expect(props.close_date).toMatchObject({ type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
  });
});

describe('toStrictSchema', () => {
  it('drops unsupported keywords and lookaround patterns', () => {
    const strict = toStrictSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', minLength: 3, maxLength: 320 },
        code: { type: 'string', pattern: '^(?!00)\\d+$' },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      },
      required: ['email'],
    });
    expect(strict).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string' },
        code: { type: ['string', 'null'] },
        tags: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
      },
      required: ['email', 'code', 'tags'],
      additionalProperties: false,
    });
  });
});

describe('stripNulls', () => {
  it('turns nulls into absent keys, recursively', () => {
    expect(stripNulls({ a: 1, b: null, c: { d: null, e: 'x' }, f: [{ g: null }] })).toEqual({ a: 1, c: { e: 'x' }, f: [{}] });
  });
});
