import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bubblewrapProbeArguments } from './sandbox-mounts.js';

export interface NetworkIsolation {
  available: boolean;
  /** The command words that start the child in a fresh network namespace. */
  prefix: string[];
  /** Why isolation is not available, in words for the sandbox's notes. */
  reason: string;
}

function runProbe(
  command: string,
  args: readonly string[],
): Promise<{ ok: boolean; message: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 5_000 }, (error, _stdout, stderr) => {
      resolve({
        ok: error === null,
        message: (stderr || (error ? error.message : '')).trim(),
        missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT',
      });
    });
  });
}

let networkProbe: Promise<NetworkIsolation> | undefined;

/**
 * Finds out once per process whether `unshare -n` (as root) or `unshare -rn` (as another user, through
 * a user namespace) works here; containers and hardened kernels often forbid both.
 */
export function probeNetworkIsolation(): Promise<NetworkIsolation> {
  networkProbe ??= (async () => {
    if (process.platform !== 'linux') {
      return {
        available: false,
        prefix: [],
        reason: `network namespaces need Linux; this is ${process.platform}`,
      };
    }
    const flags = process.getuid?.() === 0 ? '-n' : '-rn';
    const probe = await runProbe('unshare', [flags, '--', 'true']);
    if (!probe.ok) {
      return {
        available: false,
        prefix: [],
        reason: `\`unshare ${flags}\` is not permitted here (${probe.message || 'no message'})`,
      };
    }
    // A fresh namespace has its loopback down; bring it up so code under test can still serve itself.
    const loopback = existsSync('/usr/sbin/ip') || existsSync('/sbin/ip') || existsSync('/usr/bin/ip');
    const prefix = loopback
      ? ['unshare', flags, '--', 'sh', '-c', 'ip link set lo up 2>/dev/null; exec "$0" "$@"']
      : ['unshare', flags, '--'];
    return { available: true, prefix, reason: '' };
  })();
  return networkProbe;
}

let prlimitProbe: Promise<boolean> | undefined;

/** Whether `prlimit` can start a command with an address-space limit. */
export function probePrlimit(): Promise<boolean> {
  prlimitProbe ??= runProbe('prlimit', ['--as=1073741824', '--', 'true']).then((probe) => probe.ok);
  return prlimitProbe;
}

export interface FileSystemIsolation {
  available: boolean;
  /** The bubblewrap program used. */
  bwrap: string;
  /** Why the sandbox cannot be built, in words for the sandbox's notes. */
  reason: string;
}

const fileSystemProbes = new Map<string, Promise<FileSystemIsolation>>();

/** The bubblewrap program: `BATON_BWRAP` when set (a test pointing it at a missing binary), else `bwrap`. */
export function bubblewrapProgram(override?: string): string {
  return override ?? process.env.BATON_BWRAP ?? 'bwrap';
}

/**
 * Finds out once per program whether bubblewrap can build the file-system sandbox here: it needs
 * Linux, the `bwrap` program, and either root or unprivileged user namespaces.
 */
export function probeFileSystemIsolation(bwrap: string): Promise<FileSystemIsolation> {
  let probe = fileSystemProbes.get(bwrap);
  if (!probe) {
    probe = (async () => {
      if (process.platform !== 'linux')
        return { available: false, bwrap, reason: `bubblewrap needs Linux; this is ${process.platform}` };
      const result = await runProbe(bwrap, bubblewrapProbeArguments);
      if (result.ok) return { available: true, bwrap, reason: '' };
      return {
        available: false,
        bwrap,
        reason: result.missing
          ? `bubblewrap (${bwrap}) is not installed`
          : `bubblewrap (${bwrap}) cannot create its namespaces here (${result.message || 'no message'})`,
      };
    })();
    fileSystemProbes.set(bwrap, probe);
  }
  return probe;
}
