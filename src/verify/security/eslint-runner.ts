import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type EslintProblem, lintFile } from './eslint-rules.js';
import { triggeredRules } from './eslint-triggers.js';
import { maxAnalysedCharacters } from './taint/analysis-limits.js';

/** What the security check asks the ESLint worker: these files, read from disk. */
export interface LintRequest {
  id: number;
  fileNames: readonly string[];
}

/** The worker's answer: problems per linted file, and what stopped it when it could not finish. */
export interface LintResponse {
  id: number;
  results: Record<string, EslintProblem[]>;
  error?: string;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve(response: LintResponse): void; reject(error: Error): void }>();

/** Compiled to JavaScript, the worker file sits next to this one; tests running the TypeScript sources lint in process. */
const workerFile = new URL('./eslint-worker.js', import.meta.url);
const canUseWorker = import.meta.url.endsWith('.js');

/** One worker per process, started on first use and kept for later runs (a watch session); it never holds the process open. */
function sharedWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(workerFile);
  started.unref();
  started.on('message', (response: LintResponse) => {
    const waiting = pending.get(response.id);
    pending.delete(response.id);
    // Idle, the worker lets the process end; while it works, it keeps it alive for its answer.
    if (pending.size === 0) started.unref();
    waiting?.resolve(response);
  });
  const failAll = (error: Error) => {
    worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  started.on('error', failAll);
  started.on('exit', (code) => failAll(new Error(`the ESLint worker stopped with exit code ${code}`)));
  worker = started;
  return started;
}

/**
 * Lints one file from disk with the kept rules whose trigger its text holds; a file that holds
 * none, or cannot be read, is not linted at all (undefined), so ESLint need not even load.
 */
export async function lintTriggeredFile(fileName: string): Promise<EslintProblem[] | undefined> {
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch {
    return undefined;
  }
  const rules = triggeredRules(fileName, text);
  if (rules.length === 0) return undefined;
  return lintFile(fileName, text, rules);
}

async function lintInProcess(fileNames: readonly string[]): Promise<Map<string, EslintProblem[]>> {
  const results = new Map<string, EslintProblem[]>();
  for (const fileName of fileNames) {
    const problems = await lintTriggeredFile(fileName);
    if (problems) results.set(fileName, problems);
  }
  return results;
}

async function lintInWorker(
  fileNames: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, EslintProblem[]>> {
  const id = nextId++;
  const current = sharedWorker();
  const response = await new Promise<LintResponse>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    current.ref();
    current.postMessage({ id, fileNames } satisfies LintRequest);
    // A stopped run does not wait for the worker, nor does the worker keep the process alive for it.
    signal?.addEventListener(
      'abort',
      () => {
        if (!pending.delete(id)) return;
        if (pending.size === 0) current.unref();
        resolve({ id, results: {} });
      },
      { once: true },
    );
  });
  if (response.error) throw new Error(response.error);
  return new Map(Object.entries(response.results));
}

/** Whether a file is small enough to lint: generated and vendored files are left out, as the taint analysis leaves them. */
function isLintable(fileName: string): boolean {
  try {
    return statSync(fileName).size <= maxAnalysedCharacters;
  } catch {
    return false;
  }
}

/**
 * Starts linting files with the mapped ESLint rules and returns their problems per linted file:
 * only the files where some kept rule's trigger appears are linted, with those rules only. It runs
 * on a worker thread, so that it overlaps with the type checking the rest of the security check
 * does on the main thread; in process when no worker can start. Either way the rules read syntax
 * only, since the shared program cannot cross threads.
 */
export function lintFiles(
  fileNames: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, EslintProblem[]>> {
  const lintable = fileNames.filter(isLintable);
  if (lintable.length === 0 || signal?.aborted) return Promise.resolve(new Map());
  if (!canUseWorker) return lintInProcess(lintable);
  return lintInWorker(lintable, signal).catch(() =>
    signal?.aborted ? new Map<string, EslintProblem[]>() : lintInProcess(lintable),
  );
}
