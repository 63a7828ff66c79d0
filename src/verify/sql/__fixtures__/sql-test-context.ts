import { tmpdir } from 'node:os';
import type { CheckContext, VerifiedComponent } from '../../check.js';
import { loadVerifyProject } from '../../project.js';

/** A check context over a fixture project, for the SQL check's tests: no program, only the files. */
export function sqlTestContext(
  root: string,
  options: { databaseUrl?: string; component?: VerifiedComponent } = {},
): CheckContext {
  const project = loadVerifyProject({ root });
  return {
    project,
    getProgram: () => {
      throw new Error('the SQL check needs no program');
    },
    getSourceFile: () => undefined,
    nativeDiagnostics: () => false,
    targetFiles: [],
    typeDiagnostics: async () => [],
    settings: {
      registryLookup: false,
      cacheDirectory: tmpdir(),
      testCommand: undefined,
      testFiles: [],
      testTimeoutMs: 60_000,
      testMemoryMb: 1024,
      databaseUrl: options.databaseUrl,
      component: options.component,
    },
    signal: new AbortController().signal,
  };
}
