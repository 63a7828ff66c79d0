import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  anthropicMessage,
  anthropicStreamEvents,
  errorBody,
  type FakeProtocol,
  openAiCompletion,
  openAiStreamEvents,
  type ReplyShape,
  writeJson,
} from './fake-server-protocols.js';
import { estimateTokens, type FakeStep } from './fake-server-steps.js';

/** A request the fake server received, as the client sent it. */
export interface FakeRequest {
  protocol: FakeProtocol;
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  stream: boolean;
  /** The text of the last user message, for matching and assertions. */
  lastUserText: string;
}

export interface FakeOpenAIServerOptions {
  /** Answers requests when no scripted step is queued; without it such a request gets HTTP 400. */
  respond?: (request: FakeRequest) => FakeStep;
  /** @default '127.0.0.1' */
  host?: string;
}

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions API (and the Anthropic
 * messages API), for tests that must go through real SDKs over real HTTP without a hosted model.
 */
export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The base URL an OpenAI-compatible client takes: `<url>/v1`. */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  /** Queues steps; each request takes the next one. */
  enqueue(...steps: FakeStep[]): void;
  /** Steps queued and not yet served. */
  pending(): number;
  /** Forgets the queue and the recorded requests. */
  reset(): void;
  /** Closes every connection, hanging ones included, and stops listening. */
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
      .join('');
  }
  return '';
}

function describeRequest(request: IncomingMessage, raw: string): FakeRequest {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Kept as text; the handler answers 400.
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const messages = Array.isArray(record.messages) ? (record.messages as Record<string, unknown>[]) : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    protocol: path.endsWith('/messages') ? 'anthropic' : 'openai',
    method: request.method ?? 'GET',
    path,
    headers,
    body,
    stream: record.stream === true,
    lastUserText: textOf(lastUser?.content),
  };
}

function promptCharacters(body: unknown): number {
  return JSON.stringify(
    typeof body === 'object' && body !== null ? ((body as Record<string, unknown>).messages ?? '') : '',
  ).length;
}

function usesJsonTool(body: unknown): boolean {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const tools = Array.isArray(record.tools) ? (record.tools as Record<string, unknown>[]) : [];
  return tools.some((tool) => tool.name === 'json');
}

function writeEvents(response: ServerResponse, events: string[], thenDrop: boolean): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) response.write(event);
  if (thenDrop) {
    // Let the written events leave before the connection is cut mid-stream.
    setTimeout(() => response.socket?.destroy(), 20);
    return;
  }
  response.end();
}

function serve(step: FakeStep, request: FakeRequest, response: ServerResponse): void {
  const { protocol } = request;
  const model =
    typeof request.body === 'object' && request.body !== null
      ? String((request.body as Record<string, unknown>).model ?? 'fake-model')
      : 'fake-model';
  switch (step.type) {
    case 'reply': {
      const reply: ReplyShape = {
        model,
        text: step.text,
        finishReason: step.finishReason ?? 'stop',
        usage: step.usage ?? {
          inputTokens: estimateTokens('x'.repeat(promptCharacters(request.body))),
          outputTokens: estimateTokens(step.text),
        },
        chunks: step.chunks ?? 3,
        asJsonTool: protocol === 'anthropic' && usesJsonTool(request.body),
      };
      if (request.stream) {
        const events = protocol === 'anthropic' ? anthropicStreamEvents(reply) : openAiStreamEvents(reply);
        writeEvents(response, events, false);
      } else {
        writeJson(
          response,
          200,
          protocol === 'anthropic' ? anthropicMessage(reply) : openAiCompletion(reply),
        );
      }
      return;
    }
    case 'rate-limit': {
      const headers: Record<string, string> = {};
      if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
      if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
      const type = protocol === 'anthropic' ? 'rate_limit_error' : 'rate_limit_exceeded';
      writeJson(response, 429, errorBody(protocol, type, 'Rate limit reached; try again later.'), headers);
      return;
    }
    case 'server-error': {
      const type = protocol === 'anthropic' ? 'api_error' : 'server_error';
      writeJson(response, step.status ?? 500, errorBody(protocol, type, step.message ?? 'Internal error.'));
      return;
    }
    case 'error':
      writeJson(response, step.status, step.body, step.headers);
      return;
    case 'hang':
      // Headers are never sent; the socket stays open until the client aborts or the server closes.
      return;
    case 'malformed-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id": "chatcmpl-broken", "choices": [{"message": {"content": "unterminated');
      return;
    case 'truncated-stream': {
      const reply: ReplyShape = {
        model,
        text: step.text,
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1 },
        chunks: 3,
        asJsonTool: false,
      };
      if (request.stream) {
        const events =
          protocol === 'anthropic' ? anthropicStreamEvents(reply, false) : openAiStreamEvents(reply, false);
        writeEvents(response, events, true);
        return;
      }
      const body = JSON.stringify(
        protocol === 'anthropic' ? anthropicMessage(reply) : openAiCompletion(reply),
      );
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      response.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => response.socket?.destroy(), 20);
      return;
    }
  }
}

/** Starts the fake server on a free port of 127.0.0.1. */
export async function startFakeOpenAIServer(
  options: FakeOpenAIServerOptions = {},
): Promise<FakeOpenAIServer> {
  const queue: FakeStep[] = [];
  const requests: FakeRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const raw = await readBody(incoming);
    const request = describeRequest(incoming, raw);
    requests.push(request);
    const known =
      incoming.method === 'POST' &&
      (request.path.endsWith('/chat/completions') || request.path.endsWith('/messages'));
    if (!known) {
      writeJson(
        response,
        404,
        errorBody(request.protocol, 'not_found', `No route for ${incoming.method} ${request.path}.`),
      );
      return;
    }
    if (typeof request.body !== 'object' || request.body === null) {
      writeJson(response, 400, errorBody(request.protocol, 'invalid_request_error', 'The body is not JSON.'));
      return;
    }
    const step = queue.shift() ?? options.respond?.(request);
    if (!step) {
      writeJson(
        response,
        400,
        errorBody(
          request.protocol,
          'invalid_request_error',
          `The fake server has no scripted response left for request ${requests.length}.`,
        ),
      );
      return;
    }
    serve(step, request, response);
  });
  server.listen(0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address}:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    enqueue(...steps) {
      queue.push(...steps);
    },
    pending: () => queue.length,
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
