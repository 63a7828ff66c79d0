import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  localhostHostValidation,
  localhostOriginValidation,
  NodeStreamableHTTPServerTransport,
} from '@modelcontextprotocol/node';
import { isLoopbackHost } from '../dashboard/start-dashboard.js';
import { createMcpServer } from './create-mcp-server.js';
import type { McpContext } from './mcp-context.js';
import type { McpToolName } from './tool-selection.js';

export interface StartMcpHttpOptions {
  context: McpContext;
  tools: readonly McpToolName[];
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 4401 */
  port?: number;
  /** Required as a bearer token on every request; generated when the host is not loopback and none is given. */
  token?: string;
  onInternalError?: (error: unknown) => void;
}

export interface RunningMcpHttp {
  /** The endpoint clients connect to. */
  url: string;
  port: number;
  token: string | undefined;
  close(): Promise<void>;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32_001, message }, id: null }));
}

/**
 * Serves MCP over streamable HTTP at `/mcp`, one server per client session. On loopback the Host
 * and Origin headers must be local (no DNS rebinding); anywhere else every request needs the token.
 */
export async function startMcpHttp(options: StartMcpHttpOptions): Promise<RunningMcpHttp> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const token = options.token ?? (loopback ? undefined : randomBytes(24).toString('base64url'));
  const localHost = localhostHostValidation();
  const localOrigin = localhostOriginValidation();
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/mcp') return refuse(response, 404, 'Not found: the MCP endpoint is /mcp.');
    if (loopback && (!localHost(request, response) || !localOrigin(request, response))) return;
    if (token) {
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      if (!sameToken(bearer, token)) {
        response.setHeader('www-authenticate', 'Bearer');
        return refuse(
          response,
          401,
          'Unauthorized: this MCP server needs its token (Authorization: Bearer <token>).',
        );
      }
    }
    const sessionId = request.headers['mcp-session-id'];
    const known = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (typeof sessionId === 'string' && !known) {
      return refuse(
        response,
        404,
        `No session ${sessionId}: it ended or the server restarted; initialize again.`,
      );
    }
    const transport = known ?? (await openSession());
    // A client that hangs up on a call it is waiting for is gone: end its session, which cancels the call.
    response.on('close', () => {
      if (request.method === 'POST' && !response.writableFinished) void transport.close();
    });
    await transport.handleRequest(request, response);
  };

  /** A session: its own server and transport, so that a `notifications/cancelled` reaches the call it names. */
  const openSession = async (): Promise<NodeStreamableHTTPServerTransport> => {
    const server = createMcpServer(options.context, options.tools);
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      void server.close();
    };
    await server.connect(transport);
    return transport;
  };

  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.onInternalError?.(error);
      if (!response.headersSent) refuse(response, 500, 'Internal error in the MCP server.');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 4401, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        for (const transport of sessions.values()) void transport.close();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
