import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectCopy } from './sandbox-copy.js';

/**
 * Of the folders the sandboxed command needs from outside the project, those under `/tmp`, which the
 * private `/tmp` would hide; elsewhere the read-only `/` already shows them.
 */
export function foldersUnderPrivateTmp(folders: readonly string[]): string[] {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  return [...new Set(folders.map(real).filter((folder) => folder.startsWith(`/tmp${sep}`)))];
}

// Baton's own package (the fuzz and benchmark harnesses and their packages) and Node.js itself.
const toolFolders = [fileURLToPath(new URL('../..', import.meta.url)), join(process.execPath, '..', '..')];

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
  // Before the project's copy, so that a project inside Baton's own folder (its example) stays writable.
  for (const folder of foldersUnderPrivateTmp(toolFolders)) args.push('--ro-bind', folder, folder);
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
