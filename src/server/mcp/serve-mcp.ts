import type { McpContext } from './mcp-context.js';
import type { RunningMcpHttp, StartMcpHttpOptions } from './start-mcp-http.js';
import type { McpToolName } from './tool-selection.js';

/** A server on stdio: `closed` settles when the client closes the pipe. */
export interface RunningMcpStdio {
  closed: Promise<void>;
  close(): Promise<void>;
}

// The SDK loads only here, when a server starts: `baton hooks run` and the rest never pay for it.

/** Serves MCP on this process's standard input and output; nothing else may write to stdout. */
export async function serveMcpStdio(
  context: McpContext,
  tools: readonly McpToolName[],
): Promise<RunningMcpStdio> {
  const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([
    import('./create-mcp-server.js'),
    import('@modelcontextprotocol/server/stdio'),
  ]);
  const server = createMcpServer(context, tools);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  return { closed, close: () => server.close() };
}

/** Serves MCP over streamable HTTP (see `start-mcp-http.ts`). */
export async function serveMcpHttp(options: StartMcpHttpOptions): Promise<RunningMcpHttp> {
  const { startMcpHttp } = await import('./start-mcp-http.js');
  return startMcpHttp(options);
}
