import { spawn } from 'node:child_process';
import { OutputCollector } from './output-collector.js';

/** How one sandboxed process ended, and what it printed. */
export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  outputTruncated: boolean;
  durationMs: number;
  /** Set when the program could not be started at all. */
  spawnError: Error | undefined;
}

// Process groups started here and still running, so that an interrupted command can stop them.
const runningGroups = new Set<number>();

/**
 * Kills every sandboxed process group still running. Each runs in a group of its own, which a
 * terminal's Ctrl-C does not reach, so a command cancelled by the user calls this before it exits.
 */
export function stopRunningProcessGroups(): void {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
  runningGroups.clear();
}

/**
 * Starts `argv` in its own process group, feeds it `stdin`, keeps at most `limit` bytes per stream,
 * and kills the whole group on timeout and after the command exits.
 */
export function runProcessGroup(input: {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  limit: number;
  stdin: string;
}): Promise<ProcessOutcome> {
  const stdout = new OutputCollector(input.limit);
  const stderr = new OutputCollector(input.limit);
  const started = performance.now();
  const [file = 'true', ...rest] = input.argv;
  return new Promise((resolve) => {
    const child = spawn(file, rest, {
      cwd: input.cwd,
      env: input.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) runningGroups.add(child.pid);
    let timedOut = false;
    let settled = false;
    let spawnError: Error | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, input.timeoutMs);
    const finish = () => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) runningGroups.delete(child.pid);
      clearTimeout(timer);
      clearTimeout(drainTimer);
      resolve({
        exitCode: spawnError ? 127 : (exit?.code ?? null),
        signal: exit?.signal ?? null,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        outputTruncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
        spawnError,
      });
    };
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {
      // The command exited without reading its input; that is its business.
    });
    child.on('error', (error) => {
      spawnError = error;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Anything the command left running in its group goes with it.
      killGroup();
      // A grandchild that escaped the group may still hold the pipes; stop waiting for it.
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 1_000);
    });
    child.on('close', () => finish());
    child.stdin.end(input.stdin);
  });
}
