import type { CheckContext, VerifiedComponent } from '../check.js';
import { type Finding, lineRange } from '../finding.js';
import { toProjectPath } from '../project.js';
import { declaredTests, findTestFiles } from './discover-tests.js';
import { edgeCaseRules } from './edge-case-rules.js';
import { runTracedTests, type TestVerdict } from './run-traced-tests.js';
import { type EdgeCaseTrace, traceEdgeCases } from './trace-edge-cases.js';

function describeEdgeCase(trace: EdgeCaseTrace, component: VerifiedComponent): string {
  return `Edge case #${trace.number} of "${component.id}", "${trace.edgeCase.case}"`;
}

function describeMatch(trace: EdgeCaseTrace): string {
  if (trace.how === 'plan') return 'named in the plan';
  if (trace.how === 'covers-tag') return 'tagged with covers:';
  const shared = trace.overlap?.shared ?? [];
  return `matched by words: ${shared.join(', ')} (score ${(trace.overlap?.score ?? 0).toFixed(2)})`;
}

function untraced(trace: EdgeCaseTrace, component: VerifiedComponent, root: string): Finding {
  const closest =
    trace.closest && (trace.overlap?.shared.length ?? 0) > 0
      ? ` The closest test, "${trace.closest.fullName}" (${toProjectPath(root, trace.closest.file)}:${trace.closest.line}), shares only ${trace.overlap?.shared.join(', ')} with it.`
      : '';
  return {
    checkId: 'edge-cases',
    ruleId: edgeCaseRules.untraced,
    severity: 'error',
    file: toProjectPath(root, component.planFile),
    range: lineRange(trace.edgeCase.line, trace.edgeCase.column),
    message: trace.missingPlannedTest
      ? `${describeEdgeCase(trace, component)}, names the test "${trace.missingPlannedTest}", which does not exist.`
      : `${describeEdgeCase(trace, component)}, is not traced to any test.${closest}`,
    hint: `Write a test for it, or put "covers: ${trace.edgeCase.case}" (or "covers: #${trace.number}") in the title of the test that covers it.`,
  };
}

function tracedFinding(
  trace: EdgeCaseTrace,
  verdict: TestVerdict | undefined,
  component: VerifiedComponent,
  root: string,
): Finding | undefined {
  const test = trace.test;
  if (!test) return undefined;
  const where = { file: toProjectPath(root, test.file), range: lineRange(test.line) };
  const subject = `${describeEdgeCase(trace, component)}, is covered by "${test.fullName}" (${describeMatch(trace)})`;
  if (!verdict || verdict.status === 'passed')
    return {
      checkId: 'edge-cases',
      ruleId: edgeCaseRules.traced,
      severity: 'note',
      ...where,
      message: `${subject}${verdict ? ', which passes' : ''}.`,
    };
  const outcome =
    verdict.status === 'failed'
      ? `, which fails: ${verdict.failure || 'failed'}`
      : verdict.status === 'skipped'
        ? ', which is skipped'
        : `, which did not run${verdict.failure ? ` (${verdict.failure})` : ''}`;
  return {
    checkId: 'edge-cases',
    ruleId: edgeCaseRules.testFailed,
    severity: 'error',
    ...where,
    message: `${subject}${outcome}.`,
    hint: 'Make the code handle the edge case so that the test passes; a skipped test covers nothing.',
  };
}

/**
 * Holds a component to its edge cases: each must be traced to a test that exists, and that test must
 * pass when the project's test command runs it in the sandbox.
 */
export async function checkEdgeCaseTracing(
  context: CheckContext,
  component: VerifiedComponent,
): Promise<Finding[]> {
  const { root } = context.project;
  if (component.edgeCases.length === 0) return [];
  const tests = findTestFiles(root).flatMap((file) => declaredTests(file));
  const traces = traceEdgeCases(component, tests);
  const traced = [...new Set(traces.flatMap((trace) => (trace.test ? [trace.test] : [])))];
  const { testCommand } = context.settings;
  const verdicts =
    testCommand && traced.length > 0 ? await runTracedTests(context, testCommand, traced) : new Map();
  const findings: Finding[] = [];
  for (const trace of traces) {
    if (!trace.test) findings.push(untraced(trace, component, root));
    else {
      const finding = tracedFinding(trace, verdicts.get(trace.test), component, root);
      if (finding) findings.push(finding);
    }
  }
  if (!testCommand && traced.length > 0)
    findings.push({
      checkId: 'edge-cases',
      ruleId: edgeCaseRules.testsNotRun,
      severity: 'warning',
      file: toProjectPath(root, component.planFile),
      range: lineRange(1),
      message: `The tests covering the edge cases of "${component.id}" were found but not run: the project has no test command.`,
      hint: 'Set testCommand in baton.config (or a test script in package.json) so that verify can see them pass.',
    });
  return findings;
}
