import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmParser, MAX_MESSAGE_CHARS, type LlmParserOptions } from '../../../src/intents/llm/llm-parser.js';
import { buildIntentPrompt } from '../../../src/intents/llm/prompt.js';
import { INTENT_NAMES } from '../../../src/intents/catalog.js';
import { apiError, interceptCompletions, toolCallCompletion } from './chat-completion.js';

// 22:30 on Wednesday in New York is already Thursday in UTC: the prompt must say Wednesday.
const opts = { now: new Date('2026-11-19T03:30:00Z'), tz: 'America/New_York' };

function parser(overrides: Partial<LlmParserOptions> = {}) {
  return createLlmParser({ apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 1000, ...overrides });
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('createLlmParser', () => {
  it('sends only the prompt and the message, with one strict tool per intent', async () => {
    const api = interceptCompletions();
    api.expect().reply(200, toolCallCompletion([{ name: 'lookup_customer', arguments: { query: 'Acme' } }]));

    const outcome = await parser().parse('who is Acme?', opts);

    expect(outcome).toEqual({ ok: true, intent: { intent: 'lookup_customer', slots: { query: 'Acme' } } });
    const [body] = api.bodies;
    expect(body).toBeDefined();
    expect(Object.keys(body!).sort()).toEqual(
      ['messages', 'model', 'parallel_tool_calls', 'temperature', 'tool_choice', 'tools'].sort(),
    );
    expect(body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, tool_choice: 'required', parallel_tool_calls: false });
    // Exactly the template-built system prompt and the user's words: no CRM data rides along.
    expect(body!.messages).toEqual([
      { role: 'system', content: buildIntentPrompt(opts) },
      { role: 'user', content: 'who is Acme?' },
    ]);
    const system = (body!.messages as Array<{ content: string }>)[0]!.content;
    expect(system).toContain('Today is Wednesday 2026-11-18');
    expect(system).toContain('America/New_York');
    expect(system).not.toMatch(/\{\{\w+\}\}/);
    const tools = body!.tools as Array<{ type: string; function: { name: string; strict: boolean } }>;
    expect(tools.map((t) => t.function.name).sort()).toEqual([...INTENT_NAMES].sort());
    expect(tools.every((t) => t.type === 'function' && t.function.strict === true)).toBe(true);
  });

  it('truncates long messages before they leave the machine', async () => {
    const api = interceptCompletions();
    api.expect().reply(200, toolCallCompletion([{ name: 'unknown', arguments: {} }]));

    await parser().parse('x'.repeat(10_000), opts);

    const messages = api.bodies[0]!.messages as Array<{ role: string; content: string }>;
    expect(messages[1]!.content).toHaveLength(MAX_MESSAGE_CHARS);
  });

  it('turns the model nulls for unstated slots back into absent slots', async () => {
    interceptCompletions()
      .expect()
      .reply(
        200,
        toolCallCompletion([
          {
            name: 'create_deal',
            arguments: { customer: 'Acme', title: null, amount: 50000, currency: null, stage: null, close_date: '2026-11-30' },
          },
        ]),
      );

    const outcome = await parser().parse('new deal: Acme, $50k, closing end of month', opts);

    expect(outcome).toEqual({
      ok: true,
      intent: { intent: 'create_deal', slots: { customer: 'Acme', amount: 50000, close_date: '2026-11-30' } },
    });
  });

  it('uses an OpenAI-compatible base URL when given one', async () => {
    const api = interceptCompletions('http://llm.test', '/v1/chat/completions');
    api.expect().reply(200, toolCallCompletion([{ name: 'list_reminders', arguments: {} }], 'local-model'));

    const outcome = await parser({ baseURL: 'http://llm.test/v1', model: 'local-model' }).parse('reminders?', opts);

    expect(outcome).toEqual({ ok: true, intent: { intent: 'list_reminders', slots: {} } });
    expect(api.bodies[0]!.model).toBe('local-model');
  });

  it.each([
    ['bad JSON', [{ name: 'show_ticket', arguments: '{"ticket": 42' }]],
    ['wrong types', [{ name: 'show_ticket', arguments: { ticket: 'forty-two' } }]],
    ['an unknown tool', [{ name: 'delete_customers', arguments: { all: true } }]],
    ['an inherited property name', [{ name: 'constructor', arguments: {} }]],
    ['extra properties', [{ name: 'show_ticket', arguments: { ticket: 42, sql: 'DROP TABLE customers' } }]],
    ['a value off the enum', [{ name: 'update_ticket', arguments: { ticket: 7, status: 'deleted', priority: null, assignee: null } }]],
    ['two calls', [{ name: 'show_ticket', arguments: { ticket: 1 } }, { name: 'show_ticket', arguments: { ticket: 2 } }]],
  ])('refuses a tool call with %s', async (_, calls) => {
    interceptCompletions().expect().reply(200, toolCallCompletion(calls));
    expect(await parser().parse('show ticket 42', opts)).toEqual({ ok: false, reason: 'invalid_output' });
  });

  it('reports a completion without a tool call', async () => {
    const body = toolCallCompletion([]);
    body.choices[0]!.finish_reason = 'stop';
    interceptCompletions().expect().reply(200, body);
    expect(await parser().parse('hello', opts)).toEqual({ ok: false, reason: 'no_tool_call' });
  });

  it('accepts arguments sent as an object by a lenient OpenAI-compatible server', async () => {
    const body = toolCallCompletion([{ name: 'show_ticket', arguments: '' }]);
    (body.choices[0]!.message.tool_calls[0]!.function as { arguments: unknown }).arguments = { ticket: 42 };
    interceptCompletions().expect().reply(200, body);
    expect(await parser().parse('show ticket 42', opts)).toEqual({ ok: true, intent: { intent: 'show_ticket', slots: { ticket: 42 } } });
  });

  it('reports a body with no choices as output the parser cannot use', async () => {
    interceptCompletions().expect().reply(200, { ...toolCallCompletion([]), choices: [] });
    expect(await parser().parse('hello', opts)).toEqual({ ok: false, reason: 'no_tool_call' });
  });

  it('gives up after one retry when both attempts time out, within about twice the timeout', async () => {
    let requests = 0;
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .times(3)
      .delay(5000)
      .reply(() => {
        requests++;
        return [200, toolCallCompletion([{ name: 'unknown', arguments: {} }])];
      });

    const started = Date.now();
    const outcome = await parser({ timeoutMs: 300 }).parse('who is Acme?', opts);
    const elapsed = Date.now() - started;

    expect(outcome).toEqual({ ok: false, reason: 'timeout' });
    expect(elapsed).toBeLessThan(3 * 300);
    expect(requests).toBe(2);
  });

  it('retries a 429 once after its retry-after, then stops on a 500', async () => {
    let requests = 0;
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .reply(() => {
        requests++;
        return [429, apiError('Rate limit reached', 'requests', 'rate_limit_exceeded'), { 'retry-after': '1' }];
      })
      .post('/v1/chat/completions')
      .times(3)
      .reply(() => {
        requests++;
        return [500, apiError('The server had an error', 'server_error', null)];
      });

    const outcome = await parser().parse('who is Acme?', opts);

    expect(outcome).toEqual({ ok: false, reason: 'server_error' });
    expect(requests).toBe(2);
  });

  it('does not wait out a retry-after longer than a chat reply can', async () => {
    let requests = 0;
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .times(3)
      .reply(() => {
        requests++;
        return [429, apiError('Rate limit reached', 'requests', 'rate_limit_exceeded'), { 'retry-after': '30' }];
      });

    const started = Date.now();
    const outcome = await parser().parse('who is Acme?', opts);

    expect(outcome).toEqual({ ok: false, reason: 'rate_limited' });
    expect(requests).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not retry a rejected key', async () => {
    let requests = 0;
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .times(3)
      .reply(() => {
        requests++;
        return [401, apiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key')];
      });

    expect(await parser().parse('who is Acme?', opts)).toEqual({ ok: false, reason: 'rejected' });
    expect(requests).toBe(1);
  });

  it('reports a network failure without throwing', async () => {
    // No interceptor and no net connect: the request fails before reaching any server.
    expect(await parser().parse('who is Acme?', opts)).toEqual({ ok: false, reason: 'network' });
  });
});
