import { watch } from 'node:fs';
import { BatonError, describeCause } from '../core/errors.js';
import type { VerifyReport } from '../verify/index.js';

export interface VerifyWatchOptions {
  session: { run(): Promise<VerifyReport> };
  root: string;
  isVerifiableFile(fileName: string): boolean;
  emit(report: VerifyReport): Promise<void>;
  stderr: { write(text: string): unknown };
  /** Stops watching; the promise resolves once a run under way has ended. */
  signal: AbortSignal;
  /** Quiet time after the last edit before a run starts. @default 100 */
  debounceMs?: number;
}

function describeFailure(error: unknown): string {
  if (BatonError.isInstance(error)) {
    return `${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`;
  }
  return describeCause(error);
}

const ignoredFolders = /(^|\/)(node_modules|\.git|\.baton|dist)\//;

/**
 * Verifies, then re-verifies after each burst of edits until the signal aborts. A run that fails
 * (a broken tsconfig mid-edit, a check that throws) is reported and the watcher keeps going.
 */
export async function watchAndVerify(options: VerifyWatchOptions): Promise<void> {
  const { session, emit, stderr, signal } = options;
  const verifyOnce = async () => {
    try {
      await emit(await session.run());
    } catch (error) {
      stderr.write(
        `error: this verification failed: ${describeFailure(error)}\nStill watching: the next edit verifies again.\n`,
      );
    }
  };
  await verifyOnce();
  if (signal.aborted) return;
  stderr.write('Watching for changes (Ctrl-C to stop)…\n');
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = watch(options.root, { recursive: true }, (_event, fileName) => {
    if (!fileName || ignoredFolders.test(fileName) || !options.isVerifiableFile(fileName)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(verifyOnce);
    }, options.debounceMs ?? 100);
  });
  await new Promise<void>((resolvePromise) => {
    const stop = () => {
      watcher.close();
      clearTimeout(timer);
      void running.finally(resolvePromise);
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
