import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Check, CheckContext, CheckSettings } from './check.js';
import type { Finding } from './finding.js';

/** What a check thread needs to rebuild the run's project and program on its own. */
export interface CheckThreadRequest {
  checkId: string;
  root: string;
  tsconfig: string | undefined;
  /** The shared program's roots, so that the thread's program is the same program. */
  rootNames: readonly string[];
  targetFiles: readonly string[];
  settings: CheckSettings;
}

/** The thread's answer: the check's findings, or why it failed. */
export type CheckThreadResponse = { findings: Finding[] } | { error: string };

/** Compiled to JavaScript, the worker file sits next to this one; the TypeScript sources run checks in process. */
const workerFile = new URL('./check-thread-worker.js', import.meta.url);
const canUseWorker = import.meta.url.endsWith('.js');

/**
 * Checks that build their own program on a second thread when they run beside the program's other
 * users. Only the security check's analysis is long enough to pay for a second program.
 */
const threadedCheckIds: ReadonlySet<string> = new Set(['security']);

/** Checks that use the main thread's program; beside one of them, a threaded check overlaps instead of queueing. */
const mainThreadCheckIds: ReadonlySet<string> = new Set(['types', 'api', 'performance']);

/**
 * Below this many targets a second program costs more than the overlap wins: a few files are
 * analysed in less time than the thread takes to start and parse the declarations again.
 */
export const minimumThreadedTargets = 20;

/**
 * Cores below which `auto` keeps every check in process. On 2 cores the gate is bound by its total
 * CPU (the main thread, ESLint's thread, the native compiler and V8's collector threads fill both),
 * so a second program only adds work; with 4 the threaded check's path is the longest one.
 */
export const minimumThreadedCores = 4;

/** How a run places its checks: `auto` threads them on machines with enough cores, `on` always, `off` never. */
export type CheckThreadsSetting = 'auto' | 'on' | 'off';

/** Whether checks move to threads; the option wins, then `BATON_VERIFY_THREADS`, then `auto`. */
export function checkThreadsWanted(
  option: CheckThreadsSetting | undefined,
  cores = availableParallelism(),
): boolean {
  const fromEnvironment = process.env.BATON_VERIFY_THREADS;
  const chosen = option ?? (fromEnvironment === 'on' || fromEnvironment === 'off' ? fromEnvironment : 'auto');
  if (chosen === 'off' || !canUseWorker) return false;
  return chosen === 'on' || cores >= minimumThreadedCores;
}

/**
 * Runs one built-in check on its own thread, with a program of its own, and returns its findings;
 * undefined when no thread can start (settings that cannot be copied to it), so the caller runs it here.
 */
export function runCheckOnThread(
  request: CheckThreadRequest,
  signal: AbortSignal,
): Promise<Finding[]> | undefined {
  if (signal.aborted) return Promise.resolve([]);
  let worker: Worker;
  try {
    worker = new Worker(workerFile, { workerData: request });
  } catch {
    return undefined;
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      void worker.terminate();
      finish();
    };
    // A stopped run does not wait for the thread; like a check in process, it ends with what it has.
    const stop = () => settle(() => resolve([]));
    signal.addEventListener('abort', stop, { once: true });
    worker.on('message', (response: CheckThreadResponse) =>
      settle(() => ('findings' in response ? resolve(response.findings) : reject(new Error(response.error)))),
    );
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the ${request.checkId} check's thread stopped with exit code ${code}`))),
    );
  });
}

/**
 * The checks of a run, with the long ones that can run apart moved to threads of their own: beside
 * checks that keep the main thread busy with the shared program, their wall time then overlaps
 * instead of adding up. Runs of a few files stay in process. `threaded` names, once the checks ran,
 * those that ran on a thread.
 */
export function withCheckThreads(
  checks: readonly Check[],
  request: Omit<CheckThreadRequest, 'checkId' | 'targetFiles'>,
): { checks: Check[]; threaded: ReadonlySet<string> } {
  const busyMainThread = checks.some((check) => mainThreadCheckIds.has(check.id));
  const threaded = new Set<string>();
  const scheduled = checks.map((check) => {
    if (!threadedCheckIds.has(check.id) || !busyMainThread) return check;
    return {
      ...check,
      run: (context: CheckContext) => {
        if (context.targetFiles.length < minimumThreadedTargets) return check.run(context);
        const onThread = runCheckOnThread(
          { ...request, checkId: check.id, targetFiles: context.targetFiles },
          context.signal,
        );
        if (!onThread) return check.run(context);
        threaded.add(check.id);
        return onThread;
      },
    };
  });
  return { checks: scheduled, threaded };
}
