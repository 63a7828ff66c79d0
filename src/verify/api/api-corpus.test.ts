import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { verify } from '../verify.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'corpus');

interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  text: string;
}

/** Every `// expect: rule` label in the corpus: the rule a line must trigger. */
function readExpectations(): Expectation[] {
  const expectations: Expectation[] = [];
  for (const name of readdirSync(join(corpus, 'cases'))) {
    const lines = readFileSync(join(corpus, 'cases', name), 'utf8').split('\n');
    for (const [index, line] of lines.entries()) {
      const label = /\/\/ expect: ([\w/-]+)/.exec(line);
      if (label?.[1])
        expectations.push({
          file: `cases/${name.replace(/\.fixture$/, '')}`,
          line: index + 1,
          ruleId: label[1],
          text: line,
        });
    }
  }
  return expectations;
}

function score(findings: readonly Finding[], expectations: readonly Expectation[]) {
  // A package declared but not installed is told once for the project, in the dependencies note that names it.
  const namesUninstalled = (finding: Finding, expectation: Expectation) =>
    finding.ruleId === 'environment/dependencies-not-installed' &&
    expectation.ruleId === 'api/package-not-installed' &&
    [...expectation.text.matchAll(/from '([^']+)'/g)].some((match) =>
      finding.message.includes(`(${match[1]})`),
    );
  const same = (finding: Finding, expectation: Expectation) =>
    namesUninstalled(finding, expectation) ||
    (finding.file === expectation.file &&
      finding.range.startLine === expectation.line &&
      finding.ruleId === expectation.ruleId);
  const missed = expectations.filter(
    (expectation) => !findings.some((finding) => same(finding, expectation)),
  );
  const falsePositives = findings.filter(
    (finding) => !expectations.some((expectation) => same(finding, expectation)),
  );
  return { recall: (expectations.length - missed.length) / expectations.length, missed, falsePositives };
}

describe('the API-accuracy corpus of mistakes AI makes', () => {
  let project: FixtureProject;
  const expectations = readExpectations();

  beforeAll(() => {
    project = createFixtureProject({ from: corpus });
  });
  afterAll(() => project.remove());

  it('labels at least 40 cases across every API rule', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(40);
    expect(new Set(expectations.map((expectation) => expectation.ruleId))).toEqual(
      new Set([
        'api/undeclared-package',
        'api/package-not-installed',
        'api/typosquat-package',
        'api/unknown-package',
        'api/nonexistent-package',
        'api/missing-module',
        'api/missing-export',
        'api/missing-member',
        'api/wrong-arity',
        'api/deprecated',
      ]),
    );
  });

  // Three ways to the same answers: the native compiler with an empty cache (every file through the
  // type checker), again with the cache of deprecated names (most files explained from syntax), and
  // the TypeScript API alone.
  const modes = [
    ['native compiler, cold cache', 'auto'],
    ['native compiler, warm cache', 'auto'],
    ['TypeScript API only', 'off'],
  ] as const;
  for (const [label, nativeCompiler] of modes) {
    it(`finds at least 95 % of the cases with no false positive (${label})`, async () => {
      const report = await verify({ root: project.root, checks: ['api'], nativeCompiler });
      const { recall, missed, falsePositives } = score(report.findings, expectations);
      for (const item of missed) console.info(`missed ${item.file}:${item.line} ${item.ruleId}`);
      console.info(
        `API corpus (${label}): recall ${(recall * 100).toFixed(1)} % of ${expectations.length}, ${falsePositives.length} false positives`,
      );
      expect(
        falsePositives.map(
          (finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId} ${finding.message}`,
        ),
      ).toEqual([]);
      expect(recall).toBeGreaterThanOrEqual(0.95);
    });
  }
});
