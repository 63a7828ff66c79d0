import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { BatonError } from '../core/errors.js';
import {
  bubblewrapProgram,
  type FileSystemIsolation,
  probeFileSystemIsolation,
  probeNetworkIsolation,
} from './sandbox-capabilities.js';
import { describeCommand, findExecutable, memoryWrapper } from './sandbox-command.js';
import { createProjectCopy, type ProjectCopy, pathInCopy } from './sandbox-copy.js';
import { buildSandboxEnvironment } from './sandbox-environment.js';
import { bubblewrapArguments } from './sandbox-mounts.js';
import { type ProcessOutcome, runProcessGroup } from './sandbox-process.js';

export { createProjectCopy, type ProjectCopy } from './sandbox-copy.js';

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
  /**
   * The project the command works on: it runs on a throwaway copy of this folder, mounted at the
   * folder's own path, and nothing else is writable but a private `/tmp`. @default cwd
   */
  projectRoot?: string;
  /** A copy made with `createProjectCopy`, shared by several runs (benchmarks); the caller removes it. */
  projectCopy?: ProjectCopy;
  /** Files the command writes (paths in the project, such as a test report), read back after it ends. */
  readBack?: readonly string[];
  /** Run without the file-system sandbox where the OS cannot provide it, instead of refusing to. */
  allowUnsandboxed?: boolean;
  /** The bubblewrap program. @default `BATON_BWRAP`, else `bwrap` */
  bwrapPath?: string;
}

export interface SandboxResult extends Omit<ProcessOutcome, 'spawnError'> {
  network: 'isolated' | 'not-isolated';
  /** `isolated`: only the project's copy and a private /tmp were writable. */
  fileSystem: 'isolated' | 'not-isolated';
  notes: string[];
  /** The notes about protections that were missing, which every report of the run must show. */
  degraded: string[];
  /** The contents of the `readBack` files, by the path asked for; undefined when not written. */
  files: Record<string, string | undefined>;
}

/** Output kept per stream when the caller sets no limit. */
export const defaultMaxOutputBytes = 1024 * 1024;

/** The code cannot run: the file-system sandbox is not available and unprotected runs were not allowed. */
function unavailableError(isolation: FileSystemIsolation): BatonError {
  return new BatonError({
    code: 'SANDBOX_UNAVAILABLE',
    message: `The project's code was not run: the file-system sandbox is not available, because ${isolation.reason}.`,
    hint: 'Install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) and allow unprivileged user namespaces, or pass --allow-unsandboxed (config verify.allowUnsandboxed) to run it unprotected.',
    details: { reason: isolation.reason, bwrap: isolation.bwrap },
  });
}

async function validate(options: SandboxOptions): Promise<void> {
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
}

async function readBackFiles(
  paths: readonly string[],
  projectRoot: string,
  locate: (path: string) => string | undefined,
): Promise<Record<string, string | undefined>> {
  const files: Record<string, string | undefined> = {};
  for (const path of paths) {
    const where = locate(isAbsolute(path) ? path : join(projectRoot, path));
    files[path] = where === undefined ? undefined : await readFile(where, 'utf8').catch(() => undefined);
  }
  return files;
}

/**
 * Runs a command written or chosen by an AI, or the project's own code, the way untrusted code
 * should run: on a throwaway copy of the project with the rest of the file system read-only and a
 * private /tmp (bubblewrap), with no network, a time and memory limit and an environment reduced to
 * an allow-list; the whole process group is killed on timeout and after the command exits. Where
 * the OS cannot build that sandbox the command does not run (a `SANDBOX_UNAVAILABLE` error) unless
 * `allowUnsandboxed` is set. `notes` says in plain words which protections were applied; `degraded`
 * names those that were missing.
 */
export async function runSandboxed(options: SandboxOptions): Promise<SandboxResult> {
  await validate(options);
  const projectRoot = options.projectCopy?.projectRoot ?? options.projectRoot ?? options.cwd;
  const isolation = await probeFileSystemIsolation(bubblewrapProgram(options.bwrapPath));
  if (!isolation.available && !options.allowUnsandboxed) throw unavailableError(isolation);
  const notes: string[] = [];
  const degraded: string[] = [];
  const memoryMb = Math.floor(options.memoryMb);
  // Inside bubblewrap /tmp is private already; outside it the command gets a fresh folder as home.
  const home = isolation.available ? undefined : await mkdtemp(join(tmpdir(), 'baton-sandbox-'));
  const copy = isolation.available
    ? (options.projectCopy ?? (await createProjectCopy(projectRoot)))
    : undefined;
  try {
    const { env, dropped } = buildSandboxEnvironment({
      parent: process.env,
      extra: options.env,
      home: home ?? '/tmp',
      memoryMb,
    });
    if (dropped.length > 0) {
      notes.push(`Environment: dropped ${dropped.join(', ')}, whose names look like secrets.`);
    }
    const missing = findExecutable(options.command, options.cwd, env.PATH ?? '') === undefined;
    const memory = await memoryWrapper(options.command, memoryMb, notes, degraded);
    let network: SandboxResult['network'] = 'not-isolated';
    let prefix: string[];
    if (copy) {
      notes.push(
        `File system: read-only except a throwaway copy of ${projectRoot} and a private /tmp (bubblewrap).`,
      );
      if (options.allowNetwork)
        notes.push('Network: NOT isolated, because the caller allowed network access.');
      else {
        network = 'isolated';
        notes.push('Network: isolated in a fresh network namespace (bubblewrap --unshare-net).');
      }
      const cwd = pathInCopy(copy, options.cwd) ? options.cwd : projectRoot;
      prefix = [
        isolation.bwrap,
        ...bubblewrapArguments({ copy, cwd, isolateNetwork: network === 'isolated' }),
      ];
    } else {
      const unprotected = `File system: NOT isolated: ${isolation.reason}. The command ran unprotected in ${projectRoot} because unsandboxed runs were allowed (--allow-unsandboxed); it could write wherever this user can.`;
      notes.push(unprotected);
      degraded.push(unprotected);
      ({ network, prefix } = await networkPrefix(options, notes, degraded));
    }
    const argv = [...prefix, ...memory, options.command, ...(options.args ?? [])];
    const limit = options.maxOutputBytes ?? defaultMaxOutputBytes;
    const outcome = missing
      ? undefined
      : await runProcessGroup({
          argv,
          cwd: options.cwd,
          env,
          timeoutMs: options.timeoutMs,
          limit,
          stdin: options.stdin ?? '',
        });
    if (outcome?.timedOut) notes.push(`Timeout: killed the process group after ${options.timeoutMs} ms.`);
    if (outcome?.outputTruncated) notes.push(`Output: cut at ${limit} bytes per stream.`);
    const startError = missing ? 'not found' : outcome?.spawnError ? outcome.spawnError.message : undefined;
    const files = await readBackFiles(options.readBack ?? [], projectRoot, (path) =>
      copy ? pathInCopy(copy, path) : relative(projectRoot, path).startsWith('..') ? undefined : path,
    );
    if (!copy) await removeReadBack(options.readBack ?? [], projectRoot);
    return {
      exitCode: startError ? 127 : (outcome?.exitCode ?? null),
      signal: outcome?.signal ?? null,
      stdout: outcome?.stdout ?? '',
      stderr:
        (startError
          ? `Could not start ${describeCommand(options.command, options.args ?? [])}: ${startError}\n`
          : '') + (outcome?.stderr ?? ''),
      timedOut: outcome?.timedOut ?? false,
      outputTruncated: outcome?.outputTruncated ?? false,
      durationMs: outcome?.durationMs ?? 0,
      network,
      fileSystem: copy ? 'isolated' : 'not-isolated',
      notes,
      degraded,
      files,
    };
  } finally {
    if (home) await rm(home, { recursive: true, force: true });
    if (copy && copy !== options.projectCopy) await copy.remove();
  }
}

/** Report files written into the real project by an unprotected run are not left behind. */
async function removeReadBack(paths: readonly string[], projectRoot: string): Promise<void> {
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : join(projectRoot, path);
    if (!relative(projectRoot, absolute).startsWith('..')) await rm(absolute, { force: true });
  }
}

/** Outside bubblewrap, the network is cut with `unshare -n` where the OS permits it. */
async function networkPrefix(
  options: SandboxOptions,
  notes: string[],
  degraded: string[],
): Promise<{ network: SandboxResult['network']; prefix: string[] }> {
  if (options.allowNetwork) {
    notes.push('Network: NOT isolated, because the caller allowed network access.');
    return { network: 'not-isolated', prefix: [] };
  }
  const isolation = await probeNetworkIsolation();
  if (isolation.available) {
    notes.push(`Network: isolated in a fresh network namespace (${isolation.prefix.slice(0, 2).join(' ')}).`);
    return { network: 'isolated', prefix: isolation.prefix };
  }
  const open = `Network: NOT isolated: ${isolation.reason}. The command could reach the network.`;
  notes.push(open);
  degraded.push(open);
  return { network: 'not-isolated', prefix: [] };
}
