import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Baton's own node_modules: real installed packages (zod, kysely, pg…) for fixture projects to use. */
export const repositoryNodeModules = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../node_modules',
);

export interface FixtureProject {
  root: string;
  write(path: string, text: string | Uint8Array): string;
  remove(): void;
}

function stripFixtureSuffixes(directory: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) stripFixtureSuffixes(path);
    else if (entry.name.endsWith('.fixture')) renameSync(path, path.slice(0, -'.fixture'.length));
  }
}

/**
 * A project in a temp folder: files copied from a fixture folder (`name.ts.fixture` becomes
 * `name.ts`, so the repository's own type check and linter leave fixtures alone), extra files, and
 * node_modules linked to Baton's so that imports resolve to real installed packages.
 */
export function createFixtureProject(
  options: { from?: string; files?: Record<string, string>; linkNodeModules?: boolean } = {},
): FixtureProject {
  const root = mkdtempSync(join(tmpdir(), 'baton-verify-'));
  if (options.from) {
    cpSync(options.from, root, { recursive: true });
    stripFixtureSuffixes(root);
  }
  if (options.linkNodeModules ?? true) symlinkSync(repositoryNodeModules, join(root, 'node_modules'), 'dir');
  const write = (path: string, text: string | Uint8Array) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    return absolute;
  };
  for (const [path, text] of Object.entries(options.files ?? {})) write(path, text);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
