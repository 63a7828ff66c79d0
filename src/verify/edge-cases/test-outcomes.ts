import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** How one test ended in a run. */
export interface TestOutcome {
  /** Absolute path of the test file, when the runner says. */
  file: string | undefined;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  failure: string;
}

const assertionSchema = z.object({
  title: z.string().optional(),
  fullName: z.string().optional(),
  status: z.string(),
  failureMessages: z.array(z.string()).nullish(),
});

/** The part of vitest's and jest's JSON report read here: every assertion, passing ones too. */
const reportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(assertionSchema).default([]),
    }),
  ),
});

function statusOf(status: string): TestOutcome['status'] {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped';
}

/** Every test in a vitest `--reporter=json` or jest `--json` report; undefined when it is not one. */
export function readJsonOutcomes(text: string, root: string): TestOutcome[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return parsed.data.testResults.flatMap((suite) =>
    suite.assertionResults.map((assertion) => ({
      file: isAbsolute(suite.name) ? suite.name : resolve(root, suite.name),
      title: assertion.title ?? assertion.fullName ?? '',
      status: statusOf(assertion.status),
      failure: (assertion.failureMessages ?? []).join('\n').split('\n').slice(0, 3).join('\n'),
    })),
  );
}

/** Every test in node's TAP output: `ok N - title` and `not ok N - title`, with `# SKIP` and `# TODO`. */
export function readTapOutcomes(text: string): TestOutcome[] {
  const outcomes: TestOutcome[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = /^\s*(not )?ok \d+ - (.*?)(\s+# (SKIP|TODO)\b.*)?$/i.exec(line);
    if (!match) continue;
    const block = lines.slice(index + 1, index + 30);
    const end = block.findIndex((next) => /^\s*\.\.\.\s*$/.test(next));
    const yaml = block.slice(0, end === -1 ? 0 : end).join('\n');
    // Suites are reported like tests; they are not what an edge case traces to.
    if (/type:\s*'suite'/.test(yaml) || /failureType:\s*'subtestsFailed'/.test(yaml)) continue;
    const location = /location:\s*'(.+):\d+:\d+'/.exec(yaml)?.[1];
    const error = /error:\s*'((?:[^']|'')*)'/.exec(yaml)?.[1]?.replace(/''/g, "'") ?? '';
    outcomes.push({
      file: location,
      title: (match[2] ?? '').replace(/\\#/g, '#'),
      status: match[4] ? 'skipped' : match[1] ? 'failed' : 'passed',
      failure: error,
    });
  }
  return outcomes;
}
