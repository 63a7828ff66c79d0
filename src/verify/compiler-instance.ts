import Module, { createRequire } from 'node:module';

const bundledEntry = createRequire(import.meta.url).resolve('typescript');

interface ModuleResolver {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

let pinned = false;

/**
 * Makes every `require('typescript')` in this process load Baton's own compiler. The ESLint
 * plugins the security check runs (typescript-eslint, ts-api-utils, sonarjs) read Baton's program,
 * so they must use its compiler; installed into a project, they would otherwise load the project's
 * hoisted `typescript`, which for TypeScript 7 has no compiler API and crashes them on load.
 */
export function pinCompilerInstance(): void {
  if (pinned) return;
  pinned = true;
  const resolver = Module as unknown as ModuleResolver;
  const resolve = resolver._resolveFilename;
  resolver._resolveFilename = function resolveFilename(request, parent, ...rest) {
    if (request === 'typescript') return bundledEntry;
    return resolve.call(this, request, parent, ...rest);
  };
}

/** The file `require('typescript')` loads in this process once the compiler is pinned. */
export function pinnedCompilerEntry(): string {
  return bundledEntry;
}
