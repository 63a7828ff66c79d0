import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TypeDiagnostic } from '../check.js';

/** The native TypeScript compiler (version 7 and later): an executable, and its version. */
export interface NativeCompiler {
  executable: string;
  version: string;
}

/** The native compiler of the `typescript` package whose package.json this is, when it is version 7 or later. */
export function nativeCompilerAt(packageJsonPath: string): NativeCompiler | undefined {
  try {
    // Platform packages sit next to the real folder of a linked (pnpm, workspace) `typescript`.
    const realPath = realpathSync(packageJsonPath);
    const manifest = JSON.parse(readFileSync(realPath, 'utf8')) as { name?: string; version?: string };
    const version = manifest.version ?? '';
    if (manifest.name !== 'typescript' || Number.parseInt(version, 10) < 7) return undefined;
    const require = createRequire(realPath);
    const platformPackage = require.resolve(
      `@typescript/typescript-${process.platform}-${process.arch}/package.json`,
    );
    const executable = join(
      dirname(platformPackage),
      'lib',
      process.platform === 'win32' ? 'tsc.exe' : 'tsc',
    );
    return existsSync(executable) ? { executable, version } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds a native `tsc`: the project's own `typescript` when it is version 7 or later, else the one
 * installed next to Baton (npm alias `typescript7`). Undefined when neither is there.
 */
export function findNativeCompiler(projectRoot: string): NativeCompiler | undefined {
  const own = nativeCompilerAt(join(projectRoot, 'node_modules', 'typescript', 'package.json'));
  if (own) return own;
  try {
    const require = createRequire(import.meta.url);
    return nativeCompilerAt(require.resolve('typescript7/package.json'));
  } catch {
    return undefined;
  }
}

const diagnosticLine = /^(.+?)\((\d+),(\d+)\): (error|warning|message) TS(\d+): (.*)$/;
const globalLine = /^(error|warning|message) TS(\d+): (.*)$/;

/** Reads `tsc --pretty false` output: `file(line,col): error TS1234: message`, continuation lines indented. */
export function parseTscOutput(output: string, cwd: string): TypeDiagnostic[] {
  const diagnostics: TypeDiagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const located = diagnosticLine.exec(line);
    const global = located ? undefined : globalLine.exec(line);
    if (located) {
      const [, file = '', lineText = '1', columnText = '1', category = 'error', code = '0', message = ''] =
        located;
      const lineNumber = Number(lineText);
      const column = Number(columnText);
      diagnostics.push({
        fileName: resolve(cwd, file),
        line: lineNumber,
        column,
        endLine: lineNumber,
        endColumn: column,
        code: Number(code),
        category: category as TypeDiagnostic['category'],
        message,
      });
    } else if (global) {
      const [, category = 'error', code = '0', message = ''] = global;
      diagnostics.push({
        fileName: undefined,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        code: Number(code),
        category: category as TypeDiagnostic['category'],
        message,
      });
    } else if (/^\s+\S/.test(line)) {
      const last = diagnostics.at(-1);
      if (last) last.message += `\n${line.trim()}`;
    }
  }
  return diagnostics;
}

/**
 * How many type checkers Baton's own native compiler runs: one core is left to the checks that work
 * in this process meanwhile, and each checker beyond the cores only repeats work on shared types.
 */
export function nativeCheckers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * Runs the native compiler on a tsconfig without emitting, and returns its diagnostics; `checkers`
 * sets its number of type checkers (its own default when absent).
 */
export function runNativeCompiler(
  compiler: NativeCompiler,
  tsconfigPath: string,
  signal: AbortSignal,
  options: { checkers?: number | undefined; timeoutMs?: number } = {},
): Promise<TypeDiagnostic[]> {
  const cwd = dirname(tsconfigPath);
  const timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
  const args = ['-p', tsconfigPath, '--noEmit', '--pretty', 'false'];
  if (options.checkers !== undefined) args.push('--checkers', String(options.checkers));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(compiler.executable, args, {
      cwd,
      // A compiler that hangs is stopped; the caller then falls back to the TypeScript API.
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      // Exit 0: clean; 1 and 2: diagnostics were reported. Anything else is the compiler failing.
      if (code === 0 || code === 1 || code === 2) resolvePromise(parseTscOutput(output, cwd));
      else
        reject(
          new Error(
            `native tsc exited with ${code}: ${Buffer.concat(errors).toString('utf8').slice(0, 500)}`,
          ),
        );
    });
  });
}
