import { tmpdir } from 'node:os';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from './__fixtures__/fixture-project.js';
import type { Check, CheckContext, CheckSettings } from './check.js';
import { severities } from './finding.js';
import { isVerifiableFile, loadVerifyProject } from './project.js';
import { createTypeDiagnostics } from './types/type-diagnostics.js';

/** The cases of the contract, by name, so a check that skips one says which and why. */
export const checkContractCases = [
  'describes-itself',
  'reports-problem',
  'clean-project',
  'empty-project',
  'file-targets',
] as const;
export type CheckContractCase = (typeof checkContractCases)[number];

export interface CheckContractOptions {
  create(): Check;
  /**
   * Cases this check legitimately does not meet, each with the reason; a skip without a reason is
   * refused so that no check opts out silently.
   */
  skip?: Partial<Record<CheckContractCase, string>>;
  /** Files of a project with at least one problem this check must report. */
  problemProject: Record<string, string>;
  /** Files of a project this check must find clean. */
  cleanProject: Record<string, string>;
  settings?: Partial<CheckSettings>;
}

function contextFor(
  project: FixtureProject,
  settings: Partial<CheckSettings>,
  targets?: string[],
): CheckContext {
  const verifyProject = loadVerifyProject({ root: project.root });
  const program = ts.createProgram({
    rootNames: verifyProject.rootNames,
    options: verifyProject.compilerOptions,
  });
  const targetFiles = targets ?? [...verifyProject.scope];
  const signal = new AbortController().signal;
  const diagnostics = createTypeDiagnostics({
    project: verifyProject,
    program: () => program,
    targetFiles,
    signal,
  });
  return {
    project: verifyProject,
    getProgram: () => program,
    getSourceFile: (fileName) => program.getSourceFile(fileName),
    nativeDiagnostics: () => false,
    targetFiles,
    typeDiagnostics: diagnostics.get,
    settings: {
      registryLookup: false,
      cacheDirectory: tmpdir(),
      testCommand: undefined,
      testFiles: [],
      testTimeoutMs: 60_000,
      testMemoryMb: 1024,
      ...settings,
    },
    signal,
  };
}

/** Why a case is skipped for this check, or undefined when it runs. */
function skipReason(options: CheckContractOptions, scope: Check['scope'], name: CheckContractCase) {
  const reason = options.skip?.[name];
  if (reason !== undefined) {
    if (reason.trim().length < 10) throw new Error(`Contract case "${name}" is skipped without a reason.`);
    return reason;
  }
  // Target files narrow what a file check reports; a project check answers for the whole project.
  if (name === 'file-targets' && scope === 'project') return 'a project check reports on the whole project';
  return undefined;
}

/** The behaviour every check promises; run against each implementation. */
export function describeCheckContract(name: string, options: CheckContractOptions): void {
  const scope = options.create().scope;
  const contractCase = (caseName: CheckContractCase, title: string, body: () => Promise<void> | void) => {
    const reason = skipReason(options, scope, caseName);
    if (reason === undefined) it(title, body);
    else it.skip(`${title} (skipped: ${reason})`, body);
  };

  describe(`Check contract: ${name}`, () => {
    let problem: FixtureProject;
    let clean: FixtureProject;
    let empty: FixtureProject;
    beforeAll(() => {
      problem = createFixtureProject({ files: options.problemProject });
      clean = createFixtureProject({ files: options.cleanProject });
      empty = createFixtureProject({ files: {} });
    });
    afterAll(() => {
      problem.remove();
      clean.remove();
      empty.remove();
    });

    contractCase('describes-itself', 'describes itself with a stable id, a description and a scope', () => {
      const check = options.create();
      expect(check.id).toMatch(/^[a-z][a-z-]*$/);
      expect(check.description.length).toBeGreaterThan(10);
      expect(['file', 'project']).toContain(check.scope);
    });

    contractCase(
      'reports-problem',
      'reports well-formed findings on a project with a problem of its kind',
      async () => {
        const check = options.create();
        const findings = await check.run(contextFor(problem, options.settings ?? {}));
        expect(findings.length).toBeGreaterThan(0);
        for (const finding of findings) {
          expect(finding.checkId).toBe(check.id);
          expect(finding.ruleId.startsWith(`${check.id}/`)).toBe(true);
          expect(severities).toContain(finding.severity);
          expect(finding.file.startsWith('/')).toBe(false);
          expect(finding.file.includes('\\')).toBe(false);
          expect(finding.message.length).toBeGreaterThan(0);
          expect(finding.range.startLine).toBeGreaterThanOrEqual(1);
          expect(finding.range.startColumn).toBeGreaterThanOrEqual(1);
          expect(finding.range.endLine).toBeGreaterThanOrEqual(finding.range.startLine);
        }
      },
    );

    contractCase('clean-project', 'finds nothing on a clean project', async () => {
      const findings = await options.create().run(contextFor(clean, options.settings ?? {}));
      expect(findings).toEqual([]);
    });

    contractCase('empty-project', 'finds nothing, and does not throw, in an empty project', async () => {
      const findings = await options.create().run(contextFor(empty, options.settings ?? {}));
      expect(findings).toEqual([]);
    });

    contractCase('file-targets', 'a file check says nothing about files outside its targets', async () => {
      const check = options.create();
      const findings = await check.run(contextFor(problem, options.settings ?? {}, []));
      expect(findings.filter((finding) => isVerifiableFile(finding.file))).toEqual([]);
    });
  });
}
