import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { verify } from '../verify.js';
import { createPerformanceCheck } from './performance-check.js';
import { performanceRules } from './performance-problem.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'corpus');

interface Expectation {
  file: string;
  line: number;
  ruleId: string;
}

interface CleanCase {
  file: string;
  line: number;
  name: string;
}

function readLabels(folder: string, pattern: RegExp): { file: string; line: number; label: string }[] {
  const labels: { file: string; line: number; label: string }[] = [];
  for (const name of readdirSync(join(corpus, folder))) {
    const lines = readFileSync(join(corpus, folder, name), 'utf8').split('\n');
    for (const [index, line] of lines.entries()) {
      const label = pattern.exec(line)?.[1];
      if (label) labels.push({ file: `${folder}/${name.replace(/\.fixture$/, '')}`, line: index + 1, label });
    }
  }
  return labels;
}

/** `// expect: rule` on the line that must trigger it. */
const expectations: Expectation[] = readLabels('cases', /\/\/ expect: ([\w/-]+)/).map((label) => ({
  file: label.file,
  line: label.line,
  ruleId: label.label,
}));
/** `// clean: what` above each case that must trigger nothing, up to the next marker. */
const cleanCases: CleanCase[] = readLabels('clean', /\/\/ clean: (.+)$/).map((label) => ({
  file: label.file,
  line: label.line,
  name: label.label,
}));

/** The clean case a finding falls in: the last marker above it in its file. */
function cleanCaseOf(finding: Finding): CleanCase | undefined {
  return cleanCases
    .filter((item) => item.file === finding.file && item.line <= finding.range.startLine)
    .at(-1);
}

describe('the performance corpus', () => {
  let project: FixtureProject;
  let findings: Finding[];

  beforeAll(async () => {
    project = createFixtureProject({ from: corpus, linkNodeModules: false });
    const report = await verify({ root: project.root, customChecks: [createPerformanceCheck()] });
    findings = report.findings.filter((finding) => finding.checkId === 'performance');
  });
  afterAll(() => project.remove());

  it('labels at least 20 smelly and 20 clean cases across every static rule', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(20);
    expect(cleanCases.length).toBeGreaterThanOrEqual(20);
    const staticRules = Object.values(performanceRules).filter(
      (rule) => rule !== performanceRules.overBudget && rule !== performanceRules.benchmarkFailed,
    );
    expect(new Set(expectations.map((expectation) => expectation.ruleId))).toEqual(new Set(staticRules));
  });

  it('finds at least 90 % of each rule with at most 5 % false positives', () => {
    const hit = (expectation: Expectation) =>
      findings.some(
        (finding) =>
          finding.file === expectation.file &&
          finding.range.startLine === expectation.line &&
          finding.ruleId === expectation.ruleId,
      );
    const unexpected = findings.filter(
      (finding) =>
        !expectations.some(
          (expectation) =>
            finding.file === expectation.file &&
            finding.range.startLine === expectation.line &&
            finding.ruleId === expectation.ruleId,
        ),
    );
    const flaggedClean = new Set(unexpected.map(cleanCaseOf).filter((item) => item !== undefined));
    const strayInCases = unexpected.filter((finding) => finding.file.startsWith('cases/'));
    const rules = [...new Set(expectations.map((expectation) => expectation.ruleId))].sort();
    const lines = ['Performance corpus:'];
    for (const rule of rules) {
      const labelled = expectations.filter((expectation) => expectation.ruleId === rule);
      const found = labelled.filter(hit).length;
      const falsePositives = unexpected.filter((finding) => finding.ruleId === rule).length;
      lines.push(
        `  ${rule.padEnd(36)} recall ${found}/${labelled.length} (${((found / labelled.length) * 100).toFixed(0)} %), false positives ${falsePositives}`,
      );
    }
    const recall = expectations.filter(hit).length / expectations.length;
    const falsePositiveRate = (flaggedClean.size + strayInCases.length) / cleanCases.length;
    lines.push(
      `  overall: recall ${(recall * 100).toFixed(1)} % of ${expectations.length} smelly cases; false positives ${flaggedClean.size} of ${cleanCases.length} clean cases + ${strayInCases.length} stray (${(falsePositiveRate * 100).toFixed(1)} %)`,
    );
    for (const expectation of expectations.filter((item) => !hit(item)))
      lines.push(`  missed ${expectation.file}:${expectation.line} ${expectation.ruleId}`);
    for (const finding of unexpected)
      lines.push(
        `  unexpected ${finding.file}:${finding.range.startLine} ${finding.ruleId}: ${finding.message}`,
      );
    console.info(lines.join('\n'));
    for (const rule of rules) {
      const labelled = expectations.filter((expectation) => expectation.ruleId === rule);
      expect(labelled.filter(hit).length / labelled.length, rule).toBeGreaterThanOrEqual(0.9);
    }
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.05);
  });

  it('tags findings with their CWE', () => {
    const cweByRule = new Map(findings.map((finding) => [finding.ruleId, finding.cwe]));
    expect(cweByRule.get(performanceRules.regexBacktracking)).toBe('CWE-1333');
    expect(cweByRule.get(performanceRules.nestedLoop)).toBe('CWE-407');
    expect(cweByRule.get(performanceRules.queryInLoop)).toBe('CWE-1050');
  });
});
