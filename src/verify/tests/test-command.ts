import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type CommandLine, splitCommandLine } from './command-line.js';

/** How a test run's output is read: a runner's own machine-readable report, or plain text. */
export type TestOutputFormat = 'vitest-json' | 'jest-json' | 'mocha-json' | 'tap' | 'text';

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

/** Options of node that take a value, so that `--import tsx` is read as one option, not a file. */
const nodeValueOptions = new Set([
  '--import',
  '--require',
  '-r',
  '--loader',
  '--experimental-loader',
  '--conditions',
  '-C',
  '--env-file',
  '--input-type',
  '--stack-size',
  '--disable-warning',
  '--experimental-default-type',
  '--watch-path',
  '--test-name-pattern',
  '--test-skip-pattern',
  '--test-reporter',
  '--test-reporter-destination',
  '--test-concurrency',
  '--test-timeout',
  '--test-shard',
  '--test-coverage-include',
  '--test-coverage-exclude',
]);

/** Options of vitest that take a value (vitest reads options anywhere on the line). */
const vitestValueOptions = new Set([
  '--config',
  '-c',
  '--root',
  '-r',
  '--dir',
  '--project',
  '--environment',
  '--pool',
  '--reporter',
  '--outputFile',
  '--testNamePattern',
  '-t',
  '--shard',
  '--mode',
  '--maxWorkers',
  '--minWorkers',
  '--testTimeout',
  '--hookTimeout',
  '--retry',
  '--bail',
  '--exclude',
  '--inspect-brk',
]);

const jestValueOptions = new Set([
  '--config',
  '-c',
  '--rootDir',
  '--roots',
  '--selectProjects',
  '--testNamePattern',
  '-t',
  '--testPathPattern',
  '--testPathPatterns',
  '--testPathIgnorePatterns',
  '--maxWorkers',
  '-w',
  '--reporters',
  '--outputFile',
  '--testTimeout',
  '--shard',
  '--setupFiles',
  '--testEnvironment',
  '--env',
]);

const mochaValueOptions = new Set([
  '--config',
  '--package',
  '--reporter',
  '-R',
  '--reporter-option',
  '--reporter-options',
  '-O',
  '--require',
  '-r',
  '--import',
  '--grep',
  '-g',
  '--fgrep',
  '-f',
  '--timeout',
  '-t',
  '--slow',
  '-s',
  '--ui',
  '-u',
  '--spec',
  '--extension',
  '--ignore',
  '--exclude',
  '--file',
  '--jobs',
  '-j',
  '--retries',
  '--node-option',
  '-n',
]);

/** Drops the options Baton sets itself (reporters, output files) and those that never end (watch). */
function withoutOptions(line: CommandLine, names: readonly string[]): string[] {
  return line.options.filter((option) => !names.includes(option.name)).flatMap((option) => option.words);
}

function vitestRun(rest: string[], testFiles: readonly string[], reportFile: string): string[] {
  // `vitest`, `vitest run`, `vitest watch` and `vitest dev` all run the suite; only `run` ends.
  const afterCommand = ['run', 'watch', 'dev'].includes(rest[0] ?? '') ? rest.slice(1) : rest;
  const line = splitCommandLine(afterCommand, vitestValueOptions, { optionsAnywhere: true });
  return [
    'run',
    ...withoutOptions(line, ['--reporter', '--outputFile', '--watch', '-w', '--run', '--ui', '--open']),
    '--reporter=json',
    `--outputFile=${reportFile}`,
    '--includeTaskLocation',
    // Explicit files replace the script's own filters: vitest runs the union of its filters.
    ...(testFiles.length > 0 ? testFiles : line.positionals),
  ];
}

function jestRun(rest: string[], testFiles: readonly string[], reportFile: string): string[] {
  const line = splitCommandLine(rest, jestValueOptions, { optionsAnywhere: true });
  return [
    ...withoutOptions(line, ['--json', '--outputFile', '--watch', '--watchAll', '--runTestsByPath']),
    '--json',
    `--outputFile=${reportFile}`,
    '--testLocationInResults',
    // Jest reads positionals as patterns; given files are exact paths.
    ...(testFiles.length > 0 ? ['--runTestsByPath', ...testFiles] : line.positionals),
  ];
}

function mochaRun(rest: string[], testFiles: readonly string[], reportFile: string): string[] {
  const line = splitCommandLine(rest, mochaValueOptions, { optionsAnywhere: true });
  return [
    ...withoutOptions(line, [
      '--reporter',
      '-R',
      '--reporter-option',
      '--reporter-options',
      '-O',
      '--watch',
      '-w',
    ]),
    '--reporter=json',
    `--reporter-option=output=${reportFile}`,
    ...(testFiles.length > 0 ? testFiles : line.positionals),
  ];
}

function nodeTestRun(rest: string[], testFiles: readonly string[]): string[] {
  // Node reads options only before the first file: every word after it is a file to test.
  const line = splitCommandLine(rest, nodeValueOptions, { optionsAnywhere: false });
  return [
    ...withoutOptions(line, ['--test-reporter', '--test-reporter-destination', '--watch']),
    '--test-reporter=tap',
    // Explicit files replace the script's folders, so that only the named tests run.
    ...(testFiles.length > 0 ? testFiles : line.positionals),
  ];
}

function programName(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  // `./node_modules/.bin/vitest` is vitest too.
  return word.includes('/') ? basename(word) : word;
}

/**
 * Plans the test run. When the test command is (or runs, through `npm test` and the like) a single
 * vitest, jest, mocha or `node --test` invocation, Baton extends it by that runner's own rules — its
 * machine-readable reporter, and the given test files in place of the script's own paths — so that
 * each failure points at its test. Any other command runs as written and its output is read as text.
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
  const [first, ...rest] = words;
  const program = programName(first);
  const localBinary = (name: string) => join(root, 'node_modules', '.bin', name);
  const runner = (name: string, args: string[], format: TestOutputFormat, report?: string) => ({
    command: localBinary(name),
    args,
    format,
    ...(report ? { reportFile: report } : {}),
    display: `${name} ${args.join(' ')}`,
  });
  if (program === 'vitest' && existsSync(localBinary('vitest'))) {
    return runner('vitest', vitestRun(rest, testFiles, reportFile), 'vitest-json', reportFile);
  }
  if (program === 'jest' && existsSync(localBinary('jest'))) {
    return runner('jest', jestRun(rest, testFiles, reportFile), 'jest-json', reportFile);
  }
  if (program === 'mocha' && existsSync(localBinary('mocha'))) {
    return runner('mocha', mochaRun(rest, testFiles, reportFile), 'mocha-json', reportFile);
  }
  if (program === 'node' && rest.includes('--test')) {
    const args = nodeTestRun(rest, testFiles);
    return { command: process.execPath, args, format: 'tap', display: `node ${args.join(' ')}` };
  }
  // A command Baton cannot read runs as the project wrote it; adding paths could change its meaning.
  return { command: 'sh', args: ['-c', testCommand], format: 'text', display: testCommand };
}
