import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A PostgreSQL server of Debian's `postgresql` package in a throwaway data directory. */
export interface PostgresServer {
  /** Connection URL of the server's `postgres` database, for administration. */
  adminUrl: string;
  stop(): void;
}

export type PostgresStart = { started: true; server: PostgresServer } | { started: false; reason: string };

function findBinDirectory(): string | undefined {
  const fromEnv = process.env.BATON_TEST_PG_BIN;
  if (fromEnv) return fromEnv;
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((version) => existsSync(join(debianRoot, version, 'bin', 'initdb')))
      .sort((left, right) => Number(right) - Number(left));
    if (versions[0]) return join(debianRoot, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const initdb = which.stdout.trim();
  return initdb ? join(initdb, '..') : undefined;
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

/** Runs a PostgreSQL tool as the unprivileged `postgres` user when we are root: the server refuses root. */
function runTool(
  binDirectory: string,
  tool: string,
  args: string[],
  asUser: { uid: number; gid: number } | undefined,
): void {
  const executable = join(binDirectory, tool);
  const command = asUser ? 'setpriv' : executable;
  const commandArgs = asUser
    ? [`--reuid=${asUser.uid}`, `--regid=${asUser.gid}`, '--clear-groups', executable, ...args]
    : args;
  execFileSync(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgresServer(): Promise<PostgresStart> {
  const binDirectory = findBinDirectory();
  if (!binDirectory) {
    return {
      started: false,
      reason: "PostgreSQL server binaries not found (install Debian's `postgresql` package)",
    };
  }
  const asUser = postgresUser();
  const directory = mkdtempSync(join(tmpdir(), 'baton-pg-'));
  if (asUser) chownSync(directory, asUser.uid, asUser.gid);
  const dataDirectory = join(directory, 'data');
  const port = await freePort();
  try {
    runTool(
      binDirectory,
      'initdb',
      ['-D', dataDirectory, '-U', 'baton', '--auth=trust', '--no-sync', '-E', 'UTF8'],
      asUser,
    );
    const serverOptions = [
      `-p ${port}`,
      `-k ${directory}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    runTool(
      binDirectory,
      'pg_ctl',
      [
        '-D',
        dataDirectory,
        '-l',
        join(directory, 'server.log'),
        '-o',
        serverOptions,
        '-w',
        '-t',
        '60',
        'start',
      ],
      asUser,
    );
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`Starting PostgreSQL from ${binDirectory} failed: ${stderr}`);
  }
  const adminUrl = `postgres://baton@127.0.0.1:${port}/postgres`;
  return {
    started: true,
    server: {
      adminUrl,
      stop() {
        try {
          runTool(binDirectory, 'pg_ctl', ['-D', dataDirectory, '-m', 'immediate', '-w', 'stop'], asUser);
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      },
    },
  };
}

let databaseCounter = 0;

/** Creates an empty database on the test server and returns its URL. */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `baton_test_${process.pid}_${Date.now()}_${databaseCounter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
