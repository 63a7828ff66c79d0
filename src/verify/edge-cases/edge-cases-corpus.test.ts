import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanText } from '../../plan/parse-plan.js';
import { normalizePlan } from '../../plan/plan.js';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { verify } from '../verify.js';
import { createEdgeCasesCheck } from './edge-cases-check.js';
import { toVerifiedComponent } from './verified-component.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'corpus');

interface Label {
  file: string;
  line: number;
  ruleId: string;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** `expect: rule` labels (`//` in code, `#` in the plan) and `// clean:` markers, by file and line. */
function readCorpus() {
  const expectations: Label[] = [];
  const clean: { file: string; line: number }[] = [];
  for (const path of filesUnder(corpus)) {
    const file = relative(corpus, path).replace(/\.fixture$/, '');
    for (const [index, line] of readFileSync(path, 'utf8').split('\n').entries()) {
      const rule = /(?:\/\/|#) expect: ([\w/-]+)/.exec(line)?.[1];
      if (rule) expectations.push({ file, line: index + 1, ruleId: rule });
      if (/\/\/ clean: /.test(line)) clean.push({ file, line: index + 1 });
    }
  }
  return { expectations, clean };
}

const { expectations, clean } = readCorpus();
const same = (finding: Finding, label: Label) =>
  finding.file === label.file && finding.range.startLine === label.line && finding.ruleId === label.ruleId;

function report(title: string, labels: readonly Label[], findings: readonly Finding[], cleanCases: number) {
  const unexpected = findings.filter((finding) => !labels.some((label) => same(finding, label)));
  const rules = [...new Set(labels.map((label) => label.ruleId))].sort();
  const lines = [title];
  for (const rule of rules) {
    const labelled = labels.filter((label) => label.ruleId === rule);
    const found = labelled.filter((label) => findings.some((finding) => same(finding, label))).length;
    lines.push(
      `  ${rule.padEnd(26)} recall ${found}/${labelled.length} (${((found / labelled.length) * 100).toFixed(0)} %), false positives ${unexpected.filter((finding) => finding.ruleId === rule).length}`,
    );
  }
  const recall =
    labels.filter((label) => findings.some((finding) => same(finding, label))).length / labels.length;
  const falsePositiveRate = unexpected.length / cleanCases;
  lines.push(
    `  overall: recall ${(recall * 100).toFixed(1)} % of ${labels.length}; ${unexpected.length} false positives over ${cleanCases} clean cases (${(falsePositiveRate * 100).toFixed(1)} %)`,
  );
  for (const label of labels.filter((item) => !findings.some((finding) => same(finding, item))))
    lines.push(`  missed ${label.file}:${label.line} ${label.ruleId}`);
  for (const finding of unexpected)
    lines.push(
      `  unexpected ${finding.file}:${finding.range.startLine} ${finding.ruleId}: ${finding.message}`,
    );
  console.info(lines.join('\n'));
  return { recall, falsePositiveRate };
}

describe('the edge-cases corpus', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({ from: corpus });
  });
  afterAll(() => project.remove());

  it('labels crashing and careful functions, and covered and uncovered edge cases', () => {
    const crashes = expectations.filter((label) => label.ruleId === 'edge-cases/fuzz-crash');
    expect(crashes.length).toBeGreaterThanOrEqual(12);
    expect(clean.length).toBeGreaterThanOrEqual(12);
    const tracing = expectations.filter((label) => label.ruleId !== 'edge-cases/fuzz-crash');
    expect(new Set(tracing.map((label) => label.ruleId))).toEqual(
      new Set(['edge-cases/traced', 'edge-cases/untraced', 'edge-cases/test-failed']),
    );
  });

  it('fuzzing finds at least 90 % of the crashes with at most 5 % false positives', async () => {
    const run = await verify({
      root: project.root,
      customChecks: [createEdgeCasesCheck()],
      fuzz: 'typed',
      fuzzRuns: 200,
    });
    const findings = run.findings.filter((finding) => finding.checkId === 'edge-cases');
    const labels = expectations.filter((label) => label.ruleId === 'edge-cases/fuzz-crash');
    const { recall, falsePositiveRate } = report(
      'Edge-cases corpus, fuzzing:',
      labels,
      findings,
      clean.length,
    );
    for (const finding of findings) expect(finding.message).toMatch(/\(seed \d+\)\.$/);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.05);
  }, 180_000);

  it('traces at least 90 % of the edge cases right, naming the matched tests', async () => {
    const text = readFileSync(join(project.root, 'plan.yaml'), 'utf8');
    const parsed = parsePlanText(text, 'plan.yaml');
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    const plan = normalizePlan(parsed.value.input, {
      file: 'plan.yaml',
      root: project.root,
      body: parsed.value.body,
      positionOf: parsed.value.positionOf,
    });
    const findings: Finding[] = [];
    for (const component of plan.components) {
      const run = await verify({
        root: project.root,
        customChecks: [createEdgeCasesCheck()],
        component: toVerifiedComponent(plan, component, resolve(project.root, plan.file)),
        testCommand: 'npm test',
        fuzz: 'off',
      });
      findings.push(...run.findings);
    }
    const labels = expectations.filter((label) => label.ruleId !== 'edge-cases/fuzz-crash');
    const edgeCases = plan.components.reduce((count, component) => count + component.edgeCases.length, 0);
    const cleanCases = labels.filter((label) => label.ruleId === 'edge-cases/traced').length;
    const { recall, falsePositiveRate } = report(
      `Edge-cases corpus, tracing (${edgeCases} edge cases in ${plan.components.length} components):`,
      labels,
      findings,
      cleanCases,
    );
    expect(findings.find((finding) => finding.ruleId === 'edge-cases/traced')?.message).toMatch(
      /is covered by ".+" \((matched by words: .+|tagged with covers:|named in the plan)\), which passes\.$/,
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.05);
  }, 180_000);
});
