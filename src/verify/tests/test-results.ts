import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** One failing test, pointed at its file and line. */
export interface FailedTest {
  /** Absolute path of the test file. */
  file: string;
  line: number;
  column: number;
  name: string;
  /** The first lines of the failure (assertion message). */
  failure: string;
}

const location = z.object({ line: z.number(), column: z.number() }).partial().optional();

const assertionSchema = z.object({
  fullName: z.string().optional(),
  title: z.string().optional(),
  status: z.string(),
  failureMessages: z.array(z.string()).nullish(),
  location: location.nullable(),
});

/** The part of vitest's and jest's JSON report Baton reads; both share this shape. */
const jsonReportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string().optional(),
      message: z.string().optional(),
      assertionResults: z.array(assertionSchema).default([]),
    }),
  ),
});

function firstLines(text: string, count = 3): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .join('\n');
}

/**
 * A failure as it reads in any checkout: paths inside the project relative to its root, and stack
 * frames outside it (the runner's, node's, installed packages') left out. A repair prompt built from
 * it is then the same text in every folder and worktree, so recorded answers still match it.
 */
export function portableFailure(failure: string, root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {}
  const prefixes = [...new Set([root, real])]
    .flatMap((path) => [`file://${path}/`, `${path}/`])
    .sort((left, right) => right.length - left.length);
  return failure
    .split('\n')
    .flatMap((line) => {
      let portable = line;
      for (const prefix of prefixes) portable = portable.split(prefix).join('');
      const frame = /^\s*at\s/.test(line);
      if (frame && (portable === line || /(^|[\s(])node_modules\//.test(portable))) return [];
      return [portable];
    })
    .join('\n');
}

/** The first stack frame inside `file`, for runners that report no location. */
function frameIn(file: string, text: string): { line: number; column: number } | undefined {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

/** The part of mocha's `--reporter=json` report Baton reads. */
const mochaReportSchema = z.object({
  failures: z.array(
    z.object({
      title: z.string().optional(),
      fullTitle: z.string().optional(),
      file: z.string().optional(),
      err: z.object({ message: z.string().optional(), stack: z.string().optional() }).partial().default({}),
    }),
  ),
});

function mochaFailures(report: z.infer<typeof mochaReportSchema>, root: string): FailedTest[] {
  return report.failures.map((failure) => {
    const file = failure.file ? resolve(root, failure.file) : root;
    const stack = failure.err.stack ?? '';
    return {
      file,
      ...(frameIn(file, stack) ?? { line: 1, column: 1 }),
      name: failure.fullTitle ?? failure.title ?? '(unnamed test)',
      failure: firstLines(failure.err.message ?? stack) || 'failed',
    };
  });
}

/** Reads a vitest `--reporter=json`, jest `--json` or mocha `--reporter=json` report. */
export function parseJsonReport(text: string, root: string): FailedTest[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const mocha = mochaReportSchema.safeParse(raw);
  if (mocha.success) return mochaFailures(mocha.data, root);
  const parsed = jsonReportSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const failed: FailedTest[] = [];
  for (const suite of parsed.data.testResults) {
    const file = isAbsolute(suite.name) ? suite.name : resolve(root, suite.name);
    const failures = suite.assertionResults.filter((assertion) => assertion.status === 'failed');
    for (const assertion of failures) {
      const messages = (assertion.failureMessages ?? []).join('\n');
      const where =
        assertion.location?.line !== undefined
          ? { line: assertion.location.line, column: assertion.location.column ?? 1 }
          : (frameIn(file, messages) ?? { line: 1, column: 1 });
      failed.push({
        file,
        ...where,
        name: assertion.fullName ?? assertion.title ?? '(unnamed test)',
        failure: firstLines(messages) || 'failed',
      });
    }
    if (failures.length === 0 && suite.status === 'failed') {
      // The file itself failed: a syntax error, an import that throws, a failing hook.
      const message = suite.message ?? '';
      failed.push({
        file,
        ...(frameIn(file, message) ?? { line: 1, column: 1 }),
        name: '(test file)',
        failure: firstLines(message) || 'the test file failed to run',
      });
    }
  }
  return failed;
}

/** Reads TAP as node's `--test-reporter=tap` writes it: `not ok` lines with a YAML block holding `location`. */
export function parseTap(text: string): FailedTest[] {
  const lines = text.split('\n');
  const failed: FailedTest[] = [];
  for (const [index, line] of lines.entries()) {
    const failure = /^(\s*)not ok \d+ - (.*?)(\s+#.*)?$/.exec(line);
    if (!failure) continue;
    const indent = failure[1] ?? '';
    const block: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (/^\s*(not )?ok \d+/.test(next) || (next.trim() !== '' && !next.startsWith(`${indent}  `))) break;
      block.push(next);
    }
    const yaml = block.join('\n');
    // A suite fails when a test inside fails; the test itself is reported on its own line.
    if (/failureType:\s*'subtestsFailed'/.test(yaml)) continue;
    const where = /location:\s*'(.+):(\d+):(\d+)'/.exec(yaml);
    const error = /error:\s*(?:\|-?\n([\s\S]*?)\n\s*\w+:|'((?:[^']|'')*)')/.exec(yaml);
    const message = (error?.[1] ?? error?.[2] ?? '').replace(/''/g, "'").replace(/^\s+/gm, '');
    failed.push({
      file: where?.[1] ?? '',
      line: Number(where?.[2] ?? 1),
      column: Number(where?.[3] ?? 1),
      name: (failure[2] ?? '').replace(/\\#/g, '#'),
      failure: firstLines(message) || 'failed',
    });
  }
  return failed.filter((test) => test.file !== '');
}

/**
 * Reads failures from plain runner output (any command): vitest's `FAIL file > name` with its
 * `❯ file:line:col` frame, and jest's and node's stack frames inside test files.
 */
export function parseTextOutput(text: string, root: string): FailedTest[] {
  const failed: FailedTest[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const vitest = /^\s*FAIL\s+(\S+\.(?:c|m)?[jt]sx?)\s+>\s+(.+?)\s*$/.exec(line);
    if (!vitest) continue;
    const file = resolve(root, vitest[1] ?? '');
    const following = lines.slice(index + 1, index + 40).join('\n');
    const where = frameIn(vitest[1] ?? '', following) ?? frameIn(file, following) ?? { line: 1, column: 1 };
    const key = `${file}:${vitest[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failed.push({
      file,
      ...where,
      name: vitest[2] ?? '',
      failure: firstLines(following.replace(/^\s*❯.*$/gm, '')) || 'failed',
    });
  }
  return failed;
}
