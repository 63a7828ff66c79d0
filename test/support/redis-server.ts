import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Redis server of Debian's `redis-server` package in a throwaway directory. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server at once (as a crash would) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export type RedisStart = { started: true; server: RedisServer } | { started: false; reason: string };

function findRedisServer(): string | undefined {
  const fromEnv = process.env.BATON_TEST_REDIS_SERVER;
  if (fromEnv) return fromEnv;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return which.stdout.trim() || undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited: ${output()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not listen on port ${port} within 15 s: ${output()}`);
}

/**
 * Starts a private redis-server on a free port; the append-only file is on, so a restart keeps the
 * queue as a production server configured for durability would.
 */
export async function startRedisServer(): Promise<RedisStart> {
  const executable = findRedisServer();
  if (!executable) {
    return { started: false, reason: "redis-server not found (install Debian's `redis-server` package)" };
  }
  const directory = mkdtempSync(join(tmpdir(), 'baton-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    let output = '';
    child = spawn(
      executable,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        directory,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    });
    await waitForPort(port, child, () => output);
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  try {
    await launch();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    started: true,
    server: {
      url: `redis://127.0.0.1:${port}`,
      port,
      async restart() {
        await kill('SIGKILL');
        await launch();
      },
      async stop() {
        try {
          await kill('SIGTERM');
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      },
    },
  };
}
