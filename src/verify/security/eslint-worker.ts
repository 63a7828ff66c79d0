// The ESLint worker thread: lints the files the security check sends, reading them from disk, so
// that ESLint's parsing and rules run on the second core while the main thread type-checks.
import { parentPort } from 'node:worker_threads';
import type { EslintProblem } from './eslint-rules.js';
import { type LintRequest, type LintResponse, lintTriggeredFile } from './eslint-runner.js';

parentPort?.on('message', async (request: LintRequest) => {
  const results: Record<string, EslintProblem[]> = {};
  let error: string | undefined;
  try {
    for (const fileName of request.fileNames) {
      const problems = await lintTriggeredFile(fileName);
      if (problems) results[fileName] = problems;
    }
  } catch (cause) {
    error = cause instanceof Error ? cause.message : String(cause);
  }
  const response: LintResponse = error ? { id: request.id, results, error } : { id: request.id, results };
  parentPort?.postMessage(response);
});
