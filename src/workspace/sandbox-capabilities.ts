import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface NetworkIsolation {
  available: boolean;
  /** The command words that start the child in a fresh network namespace. */
  prefix: string[];
  /** Why isolation is not available, in words for the sandbox's notes. */
  reason: string;
}

function runProbe(command: string, args: string[]): Promise<{ ok: boolean; message: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 5_000 }, (error, _stdout, stderr) => {
      resolve({ ok: error === null, message: (stderr || (error ? error.message : '')).trim() });
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
