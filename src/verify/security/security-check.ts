import { join } from 'node:path';
import type ts from 'typescript';
import type { Check, CheckContext, SecurityCheckSettings } from '../check.js';
import type { Finding } from '../finding.js';
import { isVerifiableFile, toProjectPath } from '../project.js';
import { checkConfiguration } from './config-rules.js';
import { checkCrypto } from './crypto-rules.js';
import { lintFiles } from './eslint-runner.js';
import type { RuleProblem } from './rule-problem.js';
import { findSecrets } from './secret-rules.js';
import { lineColumnRange, nodeRange, securityFinding, sinkRange, sinkRules } from './security-finding.js';
import { skipReason } from './taint/analysis-limits.js';
import { planContracts } from './taint/contract-sinks.js';
import { readFileFacts } from './taint/file-facts.js';
import { analyseTaint, type TaintReport } from './taint/taint-analysis.js';
import { describePath } from './taint/taint-value.js';
import { isTestCode, withTestCodePolicy } from './test-code.js';
import { findBidiCharacters } from './trojan-source.js';

/** The defaults of `verify.security`. */
export const defaultSecuritySettings: SecurityCheckSettings = {
  envSources: false,
  libraryMode: true,
  eslint: true,
};

function describeOrigin(report: TaintReport): string {
  const { origin } = report.taint;
  if (origin.category === 'parameter')
    return `parameter ${origin.label} of exported function ${report.exportedFunction ?? 'function'}`;
  if (origin.category === 'argv') return 'command-line arguments';
  if (origin.category === 'env') return 'environment variables';
  if (origin.category === 'browser') return 'the page URL';
  return 'request data';
}

/**
 * A taint finding; one whose source or sink was recognised by a name only (untyped code, no
 * declarations) says so and is a warning, since a name is a guess about what a value is.
 */
function taintFinding(root: string, report: TaintReport): Finding {
  const rule = sinkRules[report.kind];
  const guesses = [report.taint.origin.inferred, report.inferred].filter((reason) => reason !== undefined);
  const finding = securityFinding(
    rule.ruleId,
    toProjectPath(root, report.reportFile.fileName),
    sinkRange(report.reportFile, report.reportNode),
    {
      message: `${rule.what} ${describeOrigin(report)}: ${describePath(report.taint.steps)}.${
        guesses.length > 0 ? ` Inferred from names: ${guesses.join('; ')}.` : ''
      }`,
      hint: rule.hint,
    },
  );
  if (guesses.length > 0 && finding.severity === 'error') finding.severity = 'warning';
  return finding;
}

function ruleFinding(root: string, fileName: string, problem: RuleProblem): Finding {
  const sourceFile = problem.node.getSourceFile();
  const finding = securityFinding(
    problem.ruleId,
    toProjectPath(root, fileName),
    nodeRange(sourceFile, problem.node),
    problem,
  );
  if (problem.severity) finding.severity = problem.severity;
  return finding;
}

/** One finding per rule and line; Baton's own findings come first, so they win over ESLint's and secretlint's. */
function withoutDuplicates(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.file}:${finding.range.startLine}:${finding.ruleId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The security check: source-to-sink taint tracking (injection, traversal, XSS, SSRF…), rules that
 * need no data flow (weak crypto, disabled TLS checks, permissive CORS, file modes), hard-coded
 * secrets by secretlint, and the ESLint security rules that add what ours do not cover.
 */
export function createSecurityCheck(options: Partial<SecurityCheckSettings> = {}): Check {
  return {
    id: 'security',
    description:
      'Security: injection and other tainted flows with CWE ids, weak crypto, secrets, unsafe configuration',
    scope: 'file',
    appliesTo: isVerifiableFile,
    async run(context: CheckContext): Promise<Finding[]> {
      const settings = { ...defaultSecuritySettings, ...context.settings.security, ...options };
      const targets = context.targetFiles.filter(isVerifiableFile);
      if (targets.length === 0) return [];
      const root = context.project.root;
      // ESLint starts first, on its own thread, and runs while the program is built and walked here.
      const linting = settings.eslint ? lintFiles(targets, context.signal) : undefined;
      // A failure is reported where it is awaited; this keeps Node from reporting it early.
      linting?.catch(() => undefined);
      const program = context.getProgram();
      const checker = program.getTypeChecker();
      const own: Finding[] = [];
      const incomplete: Finding[] = [];
      const onIncomplete = (sourceFile: ts.SourceFile, node: ts.Node | undefined, reason: string): void => {
        incomplete.push(
          securityFinding(
            'security/analysis-incomplete',
            toProjectPath(root, sourceFile.fileName),
            node
              ? nodeRange(sourceFile, node)
              : lineColumnRange({ line: 1, column: 1, endLine: 1, endColumn: 1 }),
            {
              message: `The security analysis is incomplete here: ${reason}.`,
              hint: 'Check this code by hand or split it; exclude generated and vendored files from the tsconfig.',
            },
          ),
        );
      };
      const returnContracts = planContracts(context.settings.component);
      for (const report of analyseTaint(
        program,
        targets,
        { ...settings, onIncomplete, returnContracts },
        context.signal,
      ))
        own.push(taintFinding(root, report));
      const secretsByFile = new Map<string, Finding[]>();
      const lintedFiles = new Set<ts.SourceFile>();
      for (const fileName of targets) {
        if (context.signal.aborted) break;
        const sourceFile = program.getSourceFile(fileName);
        if (!sourceFile) continue;
        const facts = readFileFacts(sourceFile);
        for (const problem of [...checkCrypto(checker, facts), ...checkConfiguration(checker, facts)])
          own.push(ruleFinding(root, fileName, problem));
        const file = toProjectPath(root, fileName);
        for (const character of findBidiCharacters(sourceFile.text)) {
          own.push(
            securityFinding('security/trojan-source', file, lineColumnRange(character), {
              message: character.message,
              hint: 'Remove the control character, or write it as an escape (\\u202E) where the text needs it.',
            }),
          );
        }
        const secrets: Finding[] = [];
        for (const secret of await findSecrets(fileName, sourceFile.text)) {
          // A test's login to a server on its own machine is test data, not a credential that works elsewhere.
          if (secret.loopback && isTestCode(file, sourceFile)) continue;
          secrets.push(
            securityFinding('security/hardcoded-secret', file, lineColumnRange(secret), {
              message: `A hard-coded secret: ${secret.message} (secretlint ${secret.rule.replace('@secretlint/secretlint-rule-', '')}).`,
              hint: 'Remove it from the source, rotate it, and load it from the environment or a secret store.',
            }),
          );
        }
        secretsByFile.set(fileName, secrets);
        if (!skipReason(sourceFile)) lintedFiles.add(sourceFile);
      }
      const linted = linting ? await linting : new Map();
      const others: Finding[] = [];
      for (const fileName of targets) {
        others.push(...(secretsByFile.get(fileName) ?? []));
        const sourceFile = program.getSourceFile(fileName);
        if (!sourceFile || !lintedFiles.has(sourceFile)) continue;
        const file = toProjectPath(root, fileName);
        for (const problem of linted.get(fileName) ?? []) {
          others.push(
            securityFinding(problem.ruleId, file, lineColumnRange(problem), {
              message: `${problem.message} (ESLint ${problem.eslintRule})`,
              hint: 'See the ESLint rule for the safe pattern.',
              cwe: problem.cwe,
            }),
          );
        }
      }
      return withTestCodePolicy(withoutDuplicates([...own, ...others, ...incomplete]), (file) =>
        program.getSourceFile(join(root, file)),
      );
    },
  };
}
