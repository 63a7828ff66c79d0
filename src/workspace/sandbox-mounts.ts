import { join } from 'node:path';
import type { ProjectCopy } from './sandbox-copy.js';

/**
 * The bubblewrap arguments of the file-system sandbox: the whole file system read-only, a fresh
 * `/dev`, `/proc` and private `/tmp`, the project's throwaway copy mounted writable at the project's
 * own path (so every path the code and its reports name is the real one), and the folders left out
 * of the copy mounted read-only in it; in `node_modules` only the packages are read-only.
 */
export function bubblewrapArguments(input: {
  copy: ProjectCopy;
  cwd: string;
  isolateNetwork: boolean;
}): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  args.push('--bind', input.copy.path, input.copy.projectRoot);
  for (const folder of input.copy.readOnlyFolders) args.push('--ro-bind', folder, folder);
  for (const folder of input.copy.dependencyFolders) {
    args.push('--tmpfs', folder.path);
    for (const entry of folder.entries)
      args.push('--ro-bind-try', join(folder.source, entry), join(folder.path, entry));
  }
  if (input.isolateNetwork) args.push('--unshare-net');
  args.push('--unshare-pid', '--die-with-parent', '--chdir', input.cwd, '--');
  return args;
}

/** The same sandbox around `true`, to find out whether bubblewrap can build it here. */
export const bubblewrapProbeArguments = [
  '--ro-bind',
  '/',
  '/',
  '--dev',
  '/dev',
  '--proc',
  '/proc',
  '--tmpfs',
  '/tmp',
  '--unshare-net',
  '--unshare-pid',
  '--die-with-parent',
  '--',
  'true',
];
