import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package manager a project uses and the command that installs exactly what its lockfile pins. */
export interface InstallCommand {
  manager: 'npm' | 'pnpm' | 'yarn' | 'bun';
  command: string;
  /** The lockfile the manager was read from, when there is one. */
  lockfile: string | undefined;
}

function declaredManager(root: string): InstallCommand['manager'] | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const field =
      manifest && typeof manifest === 'object'
        ? (manifest as Record<string, unknown>).packageManager
        : undefined;
    const name = typeof field === 'string' ? field.split('@')[0] : undefined;
    return name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The install command for a project, from its lockfile (the file decides, as CI does), else from
 * package.json `packageManager`, else npm; a lockfile gets the command that refuses to change it.
 */
export function installCommandFor(root: string): InstallCommand {
  if (existsSync(join(root, 'pnpm-lock.yaml')))
    return { manager: 'pnpm', command: 'pnpm install --frozen-lockfile', lockfile: 'pnpm-lock.yaml' };
  if (existsSync(join(root, 'yarn.lock'))) {
    // Yarn 1 writes a `# yarn lockfile v1` header and knows only --frozen-lockfile.
    const classic = readFileSync(join(root, 'yarn.lock'), 'utf8').slice(0, 300).includes('yarn lockfile v1');
    return {
      manager: 'yarn',
      command: classic ? 'yarn install --frozen-lockfile' : 'yarn install --immutable',
      lockfile: 'yarn.lock',
    };
  }
  for (const lockfile of ['bun.lock', 'bun.lockb'])
    if (existsSync(join(root, lockfile))) return { manager: 'bun', command: 'bun install', lockfile };
  for (const lockfile of ['package-lock.json', 'npm-shrinkwrap.json'])
    if (existsSync(join(root, lockfile))) return { manager: 'npm', command: 'npm ci', lockfile };
  const manager = declaredManager(root) ?? 'npm';
  return { manager, command: `${manager} install`, lockfile: undefined };
}
