import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How a test run's output is read: a runner's own machine-readable report, or plain text. */
export type TestOutputFormat = 'vitest-json' | 'jest-json' | 'tap' | 'text';

/** A command to run in the sandbox and how to read what it prints. */
export interface TestInvocation {
  command: string;
  args: string[];
  format: TestOutputFormat;
  /** Where the runner writes its JSON report, when it writes one to a file. */
  reportFile?: string;
  /** The command as a person would type it, for messages. */
  display: string;
}

function testScript(root: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts?: Record<string, unknown>;
    };
    const script = manifest.scripts?.test;
    return typeof script === 'string' ? script : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a simple command line on spaces; quotes are honoured, shell syntax is not expected here. */
function splitWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

const shellSyntax = /[;&|<>`$()]/;

/**
 * Plans the test run. When the test command is (or runs, through `npm test` and the like) a single
 * vitest, jest or `node --test` invocation, Baton calls that runner with its machine-readable
 * reporter so that each failure points at its test; otherwise the command runs as written.
 */
export function planTestRun(
  root: string,
  testCommand: string,
  testFiles: readonly string[],
  reportFile: string,
): TestInvocation {
  const script = /^(npm|pnpm|yarn|bun)( run)? test$/.test(testCommand.trim())
    ? testScript(root)
    : testCommand;
  const line = (script ?? testCommand).trim();
  const words = shellSyntax.test(line) ? [] : splitWords(line);
  if (words[0] === 'npx') words.shift();
  const [program, ...rest] = words;
  const localBinary = (name: string) => join(root, 'node_modules', '.bin', name);
  if (program === 'vitest' && existsSync(localBinary('vitest'))) {
    const args = rest[0] === 'run' ? rest.slice(1) : rest.filter((word) => word !== '--watch');
    const withoutReporters = args.filter(
      (word) => !word.startsWith('--reporter') && !word.startsWith('--outputFile'),
    );
    const finalArgs = [
      'run',
      ...withoutReporters,
      '--reporter=json',
      `--outputFile=${reportFile}`,
      '--includeTaskLocation',
      ...testFiles,
    ];
    return {
      command: localBinary('vitest'),
      args: finalArgs,
      format: 'vitest-json',
      reportFile,
      display: `vitest ${finalArgs.join(' ')}`,
    };
  }
  if (program === 'jest' && existsSync(localBinary('jest'))) {
    const finalArgs = [
      ...rest.filter((word) => word !== '--watch'),
      '--json',
      `--outputFile=${reportFile}`,
      '--testLocationInResults',
      ...testFiles,
    ];
    return {
      command: localBinary('jest'),
      args: finalArgs,
      format: 'jest-json',
      reportFile,
      display: `jest ${finalArgs.join(' ')}`,
    };
  }
  if (program === 'node' && rest.includes('--test')) {
    const finalArgs = [
      ...rest.filter((word) => !word.startsWith('--test-reporter')),
      '--test-reporter=tap',
      ...testFiles,
    ];
    return {
      command: process.execPath,
      args: finalArgs,
      format: 'tap',
      display: `node ${finalArgs.join(' ')}`,
    };
  }
  const full =
    testFiles.length > 0
      ? `${testCommand} ${testFiles.map((file) => JSON.stringify(file)).join(' ')}`
      : testCommand;
  return { command: 'sh', args: ['-c', full], format: 'text', display: full };
}
