import type { ServerResponse } from 'node:http';
import type { FakeUsage } from './fake-server-steps.js';
import { splitText } from './fake-server-steps.js';

/** The wire format of a request: OpenAI chat completions or Anthropic messages. */
export type FakeProtocol = 'openai' | 'anthropic';

export interface ReplyShape {
  model: string;
  text: string;
  finishReason: 'stop' | 'length';
  usage: FakeUsage;
  chunks: number;
  /** Anthropic's structured output through a forced `json` tool: answer with a tool call. */
  asJsonTool: boolean;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${(++counter).toString(36).padStart(6, '0')}`;

export function writeJson(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export function errorBody(protocol: FakeProtocol, type: string, message: string): unknown {
  return protocol === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { message, type, code: type } };
}

export function openAiCompletion(reply: ReplyShape): unknown {
  return {
    id: nextId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model,
    choices: [
      { index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: reply.finishReason },
    ],
    usage: {
      prompt_tokens: reply.usage.inputTokens,
      completion_tokens: reply.usage.outputTokens,
      total_tokens: reply.usage.inputTokens + reply.usage.outputTokens,
    },
  };
}

/** Server-sent events of an OpenAI chat completion stream; `complete: false` stops before the end. */
export function openAiStreamEvents(reply: ReplyShape, complete = true): string[] {
  const id = nextId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: reply.model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of splitText(reply.text, reply.chunks)) events.push(chunk({ content: piece }, null));
  if (!complete) return events;
  events.push(chunk({}, reply.finishReason));
  events.push(
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model: reply.model,
      choices: [],
      usage: {
        prompt_tokens: reply.usage.inputTokens,
        completion_tokens: reply.usage.outputTokens,
        total_tokens: reply.usage.inputTokens + reply.usage.outputTokens,
      },
    })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events;
}

function anthropicStopReason(reply: ReplyShape): string {
  if (reply.asJsonTool) return 'tool_use';
  return reply.finishReason === 'length' ? 'max_tokens' : 'end_turn';
}

function anthropicContent(reply: ReplyShape): unknown[] {
  if (reply.asJsonTool) {
    let input: unknown = {};
    try {
      input = JSON.parse(reply.text);
    } catch {
      input = { text: reply.text };
    }
    return [{ type: 'tool_use', id: nextId('toolu_'), name: 'json', input }];
  }
  return [{ type: 'text', text: reply.text }];
}

export function anthropicMessage(reply: ReplyShape): unknown {
  return {
    id: nextId('msg_'),
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: anthropicContent(reply),
    stop_reason: anthropicStopReason(reply),
    stop_sequence: null,
    usage: { input_tokens: reply.usage.inputTokens, output_tokens: reply.usage.outputTokens },
  };
}

/** Server-sent events of an Anthropic messages stream; `complete: false` stops before the end. */
export function anthropicStreamEvents(reply: ReplyShape, complete = true): string[] {
  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    event('message_start', {
      message: {
        id: nextId('msg_'),
        type: 'message',
        role: 'assistant',
        model: reply.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: reply.usage.inputTokens, output_tokens: 1 },
      },
    }),
  ];
  if (reply.asJsonTool) {
    events.push(
      event('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: nextId('toolu_'), name: 'json', input: {} },
      }),
    );
    for (const piece of splitText(reply.text, reply.chunks)) {
      events.push(
        event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: piece } }),
      );
    }
  } else {
    events.push(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    for (const piece of splitText(reply.text, reply.chunks)) {
      events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
    }
  }
  if (!complete) return events;
  events.push(event('content_block_stop', { index: 0 }));
  events.push(
    event('message_delta', {
      delta: { stop_reason: anthropicStopReason(reply), stop_sequence: null },
      usage: { output_tokens: reply.usage.outputTokens },
    }),
  );
  events.push(event('message_stop', {}));
  return events;
}
