// A check thread: rebuilds the run's project and program from the request and runs one built-in
// check on them, so that a long check overlaps with the checks that share the main thread's program.
import { parentPort, workerData } from 'node:worker_threads';
import { describeCause } from '../core/errors.js';
import type { CheckContext } from './check.js';
import type { CheckThreadRequest, CheckThreadResponse } from './check-thread.js';
import { createBuiltInChecks, selectChecks } from './checks.js';
import { createLazyProgram } from './lazy-program.js';
import { createCachingCompilerHost } from './program-host.js';
import { loadVerifyProject } from './project.js';
import { createTypeDiagnostics } from './types/type-diagnostics.js';

async function runRequest(request: CheckThreadRequest): Promise<CheckThreadResponse> {
  try {
    const [check] = selectChecks(createBuiltInChecks(), [request.checkId]);
    if (!check) return { error: `no built-in check "${request.checkId}"` };
    const loaded = loadVerifyProject({ root: request.root, tsconfig: request.tsconfig });
    const project = { ...loaded, rootNames: [...request.rootNames] };
    const host = createCachingCompilerHost(project.compilerOptions);
    const lazy = createLazyProgram(project, host);
    const signal = new AbortController().signal;
    const diagnostics = createTypeDiagnostics({
      project,
      program: lazy.getProgram,
      targetFiles: request.targetFiles,
      host,
      signal,
    });
    const context: CheckContext = {
      project,
      getProgram: lazy.getProgram,
      getSourceFile: lazy.getSourceFile,
      nativeDiagnostics: () => false,
      targetFiles: request.targetFiles,
      typeDiagnostics: diagnostics.get,
      settings: request.settings,
      signal,
    };
    return { findings: await check.run(context) };
  } catch (cause) {
    return { error: describeCause(cause) };
  }
}

parentPort?.postMessage(await runRequest(workerData as CheckThreadRequest));
