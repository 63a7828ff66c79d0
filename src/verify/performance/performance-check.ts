import type ts from 'typescript';
import type { Check, CheckContext } from '../check.js';
import type { Finding, Severity } from '../finding.js';
import { isVerifiableFile, toProjectPath } from '../project.js';
import { runBenchmarkBudgets } from './benchmark-budget.js';
import { findLoopRoundTrips } from './loop-round-trips.js';
import { findNestedLoops } from './nested-loops.js';
import { type PerformanceProblem, type PerformanceRuleId, performanceRules } from './performance-problem.js';
import { findBacktrackingRegexes } from './regex-literals.js';
import { findStringConcatInLoops } from './string-concat.js';
import { findSyncInHandlers } from './sync-in-handler.js';

const severityOf: Readonly<Record<PerformanceRuleId, Severity>> = {
  [performanceRules.awaitInLoop]: 'warning',
  [performanceRules.queryInLoop]: 'warning',
  [performanceRules.nestedLoop]: 'warning',
  [performanceRules.syncInHandler]: 'warning',
  [performanceRules.stringConcatInLoop]: 'note',
  [performanceRules.regexBacktracking]: 'error',
  [performanceRules.overBudget]: 'error',
  [performanceRules.benchmarkFailed]: 'error',
};

const cweOf: Partial<Record<PerformanceRuleId, string>> = {
  [performanceRules.awaitInLoop]: 'CWE-1050',
  [performanceRules.queryInLoop]: 'CWE-1050',
  [performanceRules.nestedLoop]: 'CWE-407',
  [performanceRules.stringConcatInLoop]: 'CWE-1046',
  [performanceRules.regexBacktracking]: 'CWE-1333',
};

/** Every static performance problem in one file. */
export function findPerformanceProblems(
  sourceFile: ts.SourceFile,
  checker?: ts.TypeChecker,
): PerformanceProblem[] {
  return [
    ...findLoopRoundTrips(sourceFile, checker),
    ...findNestedLoops(sourceFile),
    ...findSyncInHandlers(sourceFile, checker),
    ...findStringConcatInLoops(sourceFile),
    ...findBacktrackingRegexes(sourceFile),
  ];
}

function toFinding(root: string, sourceFile: ts.SourceFile, problem: PerformanceProblem): Finding {
  const start = sourceFile.getLineAndCharacterOfPosition(problem.node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(problem.node.getEnd());
  const cwe = cweOf[problem.ruleId];
  return {
    checkId: 'performance',
    ruleId: problem.ruleId,
    severity: severityOf[problem.ruleId],
    file: toProjectPath(root, sourceFile.fileName),
    range: {
      startLine: start.line + 1,
      startColumn: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    },
    message: problem.message,
    hint: problem.hint,
    ...(cwe ? { cwe } : {}),
  };
}

/**
 * The performance check: static smells found in the syntax tree (N+1 round trips, awaits that
 * serialise independent work, quadratic loops, blocking calls in request handlers, strings built in
 * loops, regular expressions that backtrack catastrophically), and, when budgets are configured,
 * benchmarks run in the sandbox against a baseline measured in the same run.
 */
export function createPerformanceCheck(): Check {
  return {
    id: 'performance',
    description:
      'static performance smells (N+1 queries, quadratic loops, blocking calls in handlers, ReDoS) and optional benchmark budgets',
    scope: 'file',
    appliesTo: isVerifiableFile,
    async run(context: CheckContext): Promise<Finding[]> {
      const findings: Finding[] = [];
      // The shared program's checker tells handles and handlers by their declared types.
      const program = context.getProgram();
      const checker = program.getTypeChecker();
      for (const fileName of context.targetFiles) {
        if (context.signal.aborted) break;
        const sourceFile = program.getSourceFile(fileName);
        if (!sourceFile) continue;
        for (const problem of findPerformanceProblems(sourceFile, checker))
          findings.push(toFinding(context.project.root, sourceFile, problem));
      }
      const budgets = context.settings.benchmarks ?? [];
      if (budgets.length > 0) findings.push(...(await runBenchmarkBudgets(context, budgets)));
      return findings;
    },
  };
}
