import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/index.js';
import { createAgentRepository, type FixtureProject } from './__fixtures__/mcp-fixture.js';
import { createMcpContext } from './mcp-context.js';
import { type RunningMcpHttp, startMcpHttp } from './start-mcp-http.js';
import { selectMcpTools } from './tool-selection.js';

let project: FixtureProject;
let running: RunningMcpHttp | undefined;
const clients: Client[] = [];

beforeEach(() => {
  project = createAgentRepository();
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => undefined);
  await running?.close();
  running = undefined;
  project.remove();
});

async function serve(options: { host?: string; token?: string; tools?: string[] } = {}) {
  const config = await loadConfig({ cwd: project.root, env: { BATON_PERSON: 'ada' } });
  const context = createMcpContext({ config, cwd: project.root, allowWrites: false, version: '0.0.0-test' });
  running = await startMcpHttp({
    context,
    tools: selectMcpTools(options.tools, false),
    host: options.host ?? '127.0.0.1',
    port: 0,
    ...(options.token ? { token: options.token } : {}),
  });
  return running;
}

async function connect(url: string, token?: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  });
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** Whether a process whose command line holds `marker` runs on this machine. */
function isRunning(marker: string): boolean {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .some((line) => line.startsWith('sleep') && line.includes(marker));
}

describe('baton mcp --http', () => {
  it('serves the tools on loopback without a token and finds the mistake at its line', async () => {
    const server = await serve();
    expect(server.token).toBeUndefined();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connect(server.url);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([
      'verify',
      'verify_component',
      'plan_check',
      'findings_explain',
    ]);
    const result = await client.callTool(
      { name: 'verify', arguments: { paths: ['src'], checks: ['api'] } },
      { timeout: 120_000 },
    );
    expect((result.structuredContent as { findings: unknown[] }).findings).toEqual([
      expect.objectContaining({ rule: 'api/missing-member', file: 'src/added.ts', line: 3 }),
    ]);
  }, 120_000);

  it('refuses a request without the token beyond loopback, and serves one that carries it', async () => {
    const server = await serve({ host: '0.0.0.0' });
    expect(server.token).toMatch(/^[\w-]{20,}$/);
    const url = `http://127.0.0.1:${server.port}/mcp`;
    const bare = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(bare.status).toBe(401);
    expect(await bare.text()).toContain('needs its token');
    await expect(connect(url, 'wrong-token')).rejects.toThrow();
    const client = await connect(url, server.token);
    expect((await client.listTools()).tools.length).toBe(4);
  }, 60_000);

  it('refuses a loopback request whose Host is not local (DNS rebinding)', async () => {
    const server = await serve();
    // fetch may not set Host; a plain request can, as a rebinding browser's would arrive.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const sent = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/mcp',
          method: 'POST',
          headers: {
            host: `attacker.example:${server.port}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      sent.once('error', reject);
      sent.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    });
    expect(status).toBe(403);
  });

  it('stops a verification whose caller cancels it, test processes included', async () => {
    // A test command that outlives any patience: cancelling must end it.
    writeFileSync(
      join(project.root, 'baton.config.json'),
      JSON.stringify({ testCommand: 'sleep 61.4321', verify: { allowUnsandboxed: true } }),
    );
    const server = await serve();
    const client = await connect(server.url);
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'verify', arguments: { checks: ['tests'] } },
      { signal: controller.signal, timeout: 120_000 },
    );
    const deadline = Date.now() + 30_000;
    while (!isRunning('61.4321') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(isRunning('61.4321')).toBe(true);
    controller.abort();
    await expect(call).rejects.toThrow();
    const stopped = Date.now() + 10_000;
    while (isRunning('61.4321') && Date.now() < stopped) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(isRunning('61.4321')).toBe(false);
    // The server goes on serving after the cancelled call.
    const next = await client.callTool({ name: 'findings_explain', arguments: { rule: 'types/type-error' } });
    expect(next.isError).toBeFalsy();
  }, 90_000);
});
