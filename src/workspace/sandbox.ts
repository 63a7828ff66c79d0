import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BatonError } from '../core/errors.js';
import { OutputCollector } from './output-collector.js';
import { probeNetworkIsolation, probePrlimit } from './sandbox-capabilities.js';
import { buildSandboxEnvironment } from './sandbox-environment.js';

export interface SandboxOptions {
  cwd: string;
  command: string;
  args?: readonly string[];
  timeoutMs: number;
  memoryMb: number;
  env?: Readonly<Record<string, string>>;
  allowNetwork?: boolean;
  maxOutputBytes?: number;
  stdin?: string;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  outputTruncated: boolean;
  durationMs: number;
  network: 'isolated' | 'not-isolated';
  notes: string[];
}

/** Output kept per stream when the caller sets no limit. */
export const defaultMaxOutputBytes = 1024 * 1024;

// Commands that are (or start) Node.js: V8 reserves far more address space than it uses, so an
// address-space limit kills them at start-up; their heap is limited through NODE_OPTIONS instead.
const nodeCommands = new Set([
  'node',
  'nodejs',
  'npm',
  'npx',
  'pnpm',
  'pnpx',
  'yarn',
  'yarnpkg',
  'corepack',
  'tsx',
  'ts-node',
  'tsc',
  'vitest',
  'jest',
  'mocha',
  'bun',
  'bunx',
]);
const shells = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);

function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((word) => (/^[\w./:=@-]+$/.test(word) ? word : JSON.stringify(word)))
    .join(' ');
}

async function memoryWrapper(command: string, memoryMb: number, notes: string[]): Promise<string[]> {
  const name = basename(command);
  const heapNote = `Memory: Node.js heap limited to ${memoryMb} MB with --max-old-space-size in NODE_OPTIONS`;
  if (command === process.execPath || nodeCommands.has(name)) {
    notes.push(`${heapNote}; no address-space limit, because V8 cannot start under one.`);
    return [];
  }
  if (shells.has(name)) {
    notes.push(
      `${heapNote}; no address-space limit for the shell, because Node.js processes it starts could not start under one.`,
    );
    return [];
  }
  if (process.platform === 'linux' && (await probePrlimit())) {
    notes.push(`Memory: address space limited to ${memoryMb} MB with prlimit --as.`);
    return ['prlimit', `--as=${memoryMb * 1024 * 1024}`, '--'];
  }
  notes.push(
    `Memory: NOT limited for ${name}: prlimit is not available here; only Node.js heaps are limited.`,
  );
  return [];
}

/**
 * Runs a command written or chosen by an AI the way untrusted code should run: with a time and memory
 * limit, an environment reduced to an allow-list, no network where the OS permits it, and its output
 * captured and cut safely. The whole process group is killed on timeout and after the command exits.
 * `notes` says in plain words which protections were applied and which could not be.
 */
export async function runSandboxed(options: SandboxOptions): Promise<SandboxResult> {
  const args = options.args ?? [];
  if (!(options.timeoutMs > 0) || !(options.memoryMb > 0)) {
    throw new BatonError({
      code: 'SANDBOX_OPTIONS_INVALID',
      message: `Sandbox limits must be positive: timeoutMs=${options.timeoutMs}, memoryMb=${options.memoryMb}.`,
      hint: 'Pass a timeout in milliseconds and a memory limit in megabytes, both greater than zero.',
    });
  }
  const cwdStat = await stat(options.cwd).catch(() => undefined);
  if (!cwdStat?.isDirectory()) {
    throw new BatonError({
      code: 'SANDBOX_OPTIONS_INVALID',
      message: `The sandbox working directory does not exist: ${options.cwd}`,
      hint: 'Run the command inside an existing worktree.',
      details: { cwd: options.cwd },
    });
  }
  const notes: string[] = [];
  const memoryMb = Math.floor(options.memoryMb);
  const home = await mkdtemp(join(tmpdir(), 'baton-sandbox-'));
  try {
    const { env, dropped } = buildSandboxEnvironment({
      parent: process.env,
      extra: options.env,
      home,
      memoryMb,
    });
    if (dropped.length > 0) {
      notes.push(`Environment: dropped ${dropped.join(', ')}, whose names look like secrets.`);
    }
    let network: SandboxResult['network'] = 'not-isolated';
    let prefix: string[] = [];
    if (options.allowNetwork) {
      notes.push('Network: NOT isolated, because the caller allowed network access.');
    } else {
      const isolation = await probeNetworkIsolation();
      if (isolation.available) {
        network = 'isolated';
        prefix = isolation.prefix;
        notes.push(
          `Network: isolated in a fresh network namespace (${isolation.prefix.slice(0, 2).join(' ')}).`,
        );
      } else {
        notes.push(`Network: NOT isolated: ${isolation.reason}. The command could reach the network.`);
      }
    }
    const memory = await memoryWrapper(options.command, memoryMb, notes);
    const argv = [...memory, ...prefix, options.command, ...args];
    return await execute(argv, options, env, network, notes);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function execute(
  argv: string[],
  options: SandboxOptions,
  env: Record<string, string>,
  network: SandboxResult['network'],
  notes: string[],
): Promise<SandboxResult> {
  const limit = options.maxOutputBytes ?? defaultMaxOutputBytes;
  const stdout = new OutputCollector(limit);
  const stderr = new OutputCollector(limit);
  const started = performance.now();
  const [file = options.command, ...rest] = argv;
  return new Promise((resolve) => {
    const child = spawn(file, rest, {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let settled = false;
    let spawnError: Error | undefined;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      if (timedOut) notes.push(`Timeout: killed the process group after ${options.timeoutMs} ms.`);
      if (stdout.truncated || stderr.truncated) {
        notes.push(`Output: cut at ${limit} bytes per stream.`);
      }
      const errorText = spawnError
        ? `Could not start ${describeCommand(options.command, options.args ?? [])}: ${spawnError.message}\n`
        : '';
      resolve({
        exitCode: spawnError ? 127 : (exit?.code ?? null),
        signal: exit?.signal ?? null,
        stdout: stdout.text(),
        stderr: errorText + stderr.text(),
        timedOut,
        outputTruncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
        network,
        notes,
      });
    };
    let drainTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {
      // The command exited without reading its input; that is its business.
    });
    child.on('error', (error) => {
      spawnError = error;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Anything the command left running in its group goes with it.
      killGroup();
      // A grandchild that escaped the group may still hold the pipes; stop waiting for it.
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 1_000);
    });
    child.on('close', () => finish());
    child.stdin.end(options.stdin ?? '');
  });
}
