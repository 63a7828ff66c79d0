import { readFileSync } from 'node:fs';
import { BatonError, describeCause } from '../../core/index.js';
import { defineCommand } from '../command.js';

// The version the server announces to clients, from Baton's own package.json.
const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `"${port}" is not a port.`,
      hint: 'Use a number from 0 to 65535.',
    });
  }
}

/** Resolves when the process is asked to stop, or (over stdio) when the client closes the pipe. */
function untilStopped(closed?: Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    closed?.then(stop, stop);
  });
}

export const mcpCommand = defineCommand({
  name: 'mcp',
  description:
    "serve Baton's tools (verify, plan, prompt, ledger) to agents over MCP: stdio, or streamable HTTP with --http",
  options: {
    tools: {
      flags: '--tools <names>',
      type: 'list',
      description:
        'all, or a comma-separated list of tools to offer (default: verify, verify_component, plan_check, findings_explain)',
    },
    allowWrites: {
      flags: '--allow-writes',
      type: 'boolean',
      description: 'offer review_decide, which records accept and reject decisions in the ledger',
    },
    http: { flags: '--http', type: 'boolean', description: 'serve streamable HTTP at /mcp instead of stdio' },
    host: {
      flags: '--host <host>',
      type: 'string',
      description: 'with --http: address to bind; anything but loopback requires a token',
      default: '127.0.0.1',
    },
    port: {
      flags: '--port <port>',
      type: 'number',
      description: 'with --http: port to listen on (0: any free port)',
      default: 4401,
    },
    token: {
      flags: '--token <token>',
      type: 'string',
      description:
        'with --http: bearer token every request must carry (default: BATON_MCP_TOKEN, or generated off loopback)',
    },
  },
  async run({ io, options, loadConfig }) {
    checkPort(options.port);
    const config = await loadConfig();
    const { createMcpContext, selectMcpTools, serveMcpHttp, serveMcpStdio } = await import(
      '../../server/index.js'
    );
    const allowWrites = options.allowWrites ?? false;
    const tools = selectMcpTools(options.tools, allowWrites);
    const context = createMcpContext({ config, cwd: io.cwd, allowWrites, version: packageVersion });
    if (!options.http) {
      // Standard output carries the protocol; everything for a person goes to standard error.
      io.stderr.write(`Baton MCP server on stdio for ${config.root} (tools: ${tools.join(', ')})\n`);
      const server = await serveMcpStdio(context, tools);
      await untilStopped(server.closed);
      await server.close();
      return 0;
    }
    const running = await serveMcpHttp({
      context,
      tools,
      host: options.host,
      port: options.port,
      token: options.token ?? io.env.BATON_MCP_TOKEN,
      onInternalError: (error) => io.stderr.write(`mcp error: ${describeCause(error)}\n`),
    }).catch((error: unknown) => {
      throw new BatonError({
        code: (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'SERVE_PORT_IN_USE' : 'USAGE_INVALID',
        message: `Cannot listen on ${options.host}:${options.port}: ${describeCause(error)}`,
        hint: 'Choose another --port (0 for any free one), or check that --host is an address of this machine.',
        cause: error,
      });
    });
    io.stdout.write(
      `Baton MCP server on ${running.url} (tools: ${tools.join(', ')})\n${running.token ? `Token: ${running.token} (send Authorization: Bearer <token>)\n` : ''}Press Ctrl-C to stop.\n`,
    );
    await untilStopped();
    await running.close();
    return 0;
  },
});
