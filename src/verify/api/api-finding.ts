import { dirname } from 'node:path';
import type ts from 'typescript';
import type { CheckContext } from '../check.js';
import type { Finding, Severity } from '../finding.js';
import { toProjectPath } from '../project.js';
import { describeRule } from '../rules.js';

/** Rule ids of the API-accuracy check; each is documented in docs/verify.md. */
export const apiRules = {
  unknownPackage: 'api/unknown-package',
  nonexistentPackage: 'api/nonexistent-package',
  typosquatPackage: 'api/typosquat-package',
  undeclaredPackage: 'api/undeclared-package',
  packageNotInstalled: 'api/package-not-installed',
  missingModule: 'api/missing-module',
  missingExport: 'api/missing-export',
  missingMember: 'api/missing-member',
  wrongArity: 'api/wrong-arity',
  deprecated: 'api/deprecated',
} as const;

export type ApiRuleId = (typeof apiRules)[keyof typeof apiRules];

/** What a rule reports; the check turns it into a finding with a range and a version. */
export interface ApiProblem {
  ruleId: ApiRuleId;
  node: ts.Node;
  message: string;
  hint?: string;
  suggestion?: string;
  /** A declaration file the code was checked against, to name its package and version. */
  declarationFile?: string;
  /** Already-known "checked against" text, for package-level rules. */
  checkedAgainst?: string;
  severity?: Severity;
}

/** Whether a source file is an API the code calls into: a library, @types or the TypeScript lib. */
export function isExternalSourceFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  return (
    sourceFile.isDeclarationFile ||
    program.isSourceFileFromExternalLibrary(sourceFile) ||
    program.isSourceFileDefaultLibrary(sourceFile)
  );
}

/** Turns a problem into a finding, naming the installed version it was checked against. */
export function toFinding(context: CheckContext, sourceFile: ts.SourceFile, problem: ApiProblem): Finding {
  const start = sourceFile.getLineAndCharacterOfPosition(problem.node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(problem.node.getEnd());
  const checkedAgainst =
    problem.checkedAgainst ??
    (problem.declarationFile
      ? context.project.packages.describeOwner(problem.declarationFile, dirname(sourceFile.fileName))
      : undefined);
  const finding: Finding = {
    checkId: 'api',
    ruleId: problem.ruleId,
    severity: problem.severity ?? (problem.ruleId === apiRules.deprecated ? 'warning' : 'error'),
    file: toProjectPath(context.project.root, sourceFile.fileName),
    range: {
      startLine: start.line + 1,
      startColumn: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    },
    message: checkedAgainst ? `${problem.message} (checked against ${checkedAgainst})` : problem.message,
  };
  if (problem.hint) finding.hint = problem.hint;
  if (problem.suggestion) finding.suggestion = problem.suggestion;
  if (checkedAgainst) finding.checkedAgainst = checkedAgainst;
  const cwe = describeRule(problem.ruleId).cwe;
  if (cwe) finding.cwe = cwe;
  return finding;
}
