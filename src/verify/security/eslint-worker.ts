// The ESLint worker thread: lints the files the security check sends, reading them from disk, so
// that ESLint's parsing and rules run on the second core while the main thread type-checks.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { type EslintProblem, lintFile } from './eslint-rules.js';
import type { LintRequest, LintResponse } from './eslint-runner.js';

parentPort?.on('message', async (request: LintRequest) => {
  const results: Record<string, EslintProblem[]> = {};
  let error: string | undefined;
  try {
    for (const fileName of request.fileNames) results[fileName] = await lintText(fileName);
  } catch (cause) {
    error = cause instanceof Error ? cause.message : String(cause);
  }
  const response: LintResponse = error ? { id: request.id, results, error } : { id: request.id, results };
  parentPort?.postMessage(response);
});

async function lintText(fileName: string): Promise<EslintProblem[]> {
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch {
    return [];
  }
  return lintFile(fileName, text, undefined);
}
