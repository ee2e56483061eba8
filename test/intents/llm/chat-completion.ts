/**
 * Builders for Chat Completions responses shaped like the real API's (as of openai 6.x), so
 * the tests exercise the SDK's own parsing rather than a convenient fake.
 */
import nock from 'nock';

export interface FakeToolCall {
  name: string;
  /** Sent verbatim as the `arguments` string; objects are JSON-encoded. */
  arguments: string | object;
}

let counter = 0;

export function toolCallCompletion(calls: FakeToolCall[], model = 'gpt-4o-mini-2024-07-18') {
  counter++;
  return {
    id: `chatcmpl-test${counter}`,
    object: 'chat.completion',
    created: 1_763_478_000,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: calls.map((call, i) => ({
            id: `call_test${counter}_${i}`,
            type: 'function',
            function: {
              name: call.name,
              arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
            },
          })),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
    usage: {
      prompt_tokens: 1321,
      completion_tokens: 27,
      total_tokens: 1348,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_test',
  };
}

/** A reply in prose with no tool call, as a model ignoring `tool_choice` would send. */
export function textCompletion(content: string) {
  const completion = toolCallCompletion([]);
  const [choice] = completion.choices;
  return {
    ...completion,
    choices: [{ ...choice, message: { role: 'assistant', content, refusal: null, annotations: [] }, finish_reason: 'stop' }],
  };
}

export function apiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

/** The body of every request to the chat completions endpoint of `origin`, for assertions. */
export function interceptCompletions(origin = 'https://api.openai.com', path = '/v1/chat/completions') {
  const bodies: Array<Record<string, unknown>> = [];
  const scope = nock(origin);
  const expect = () =>
    scope.post(path, (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    });
  return { scope, bodies, expect };
}
