import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import type { Finding } from '../finding.js';
import { describeRule } from '../rules.js';
import { type VerifyReport, verify } from '../verify.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'corpus');

interface Expectation {
  file: string;
  line: number;
  ruleId: string;
}

function caseFiles(set: 'vulnerable' | 'safe'): string[] {
  return readdirSync(join(corpus, set))
    .filter((name) => name.endsWith('.fixture'))
    .map((name) => `${set}/${name.replace(/\.fixture$/, '')}`)
    .sort();
}

/** Every `// expect: rule, rule` label: the rules the findings on that line must have. */
function readExpectations(): Expectation[] {
  return caseFiles('vulnerable').flatMap((file) =>
    readFileSync(join(corpus, `${file}.fixture`), 'utf8')
      .split('\n')
      .flatMap((line, index) => {
        const label = /\/\/ expect: ([\w/, -]+)/.exec(line);
        return (label?.[1]?.split(',') ?? []).map((ruleId) => ({
          file,
          line: index + 1,
          ruleId: ruleId.trim(),
        }));
      }),
  );
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)} %`;

function table(title: string, groups: Map<string, { found: number; total: number }>): string {
  const rows = [...groups.entries()].sort(([left], [right]) => left.localeCompare(right));
  return [
    title,
    ...rows.map(
      ([key, { found, total }]) =>
        `  ${key.padEnd(34)} ${String(found).padStart(3)}/${String(total).padEnd(3)} ${percent(found, total)}`,
    ),
  ].join('\n');
}

describe('the security corpus: vulnerable and safe code as an AI writes it', () => {
  let project: FixtureProject;
  let report: VerifyReport;
  const expectations = readExpectations();
  const safeFiles = caseFiles('safe');
  const vulnerableFiles = caseFiles('vulnerable');

  beforeAll(async () => {
    project = createFixtureProject({ from: corpus });
    report = await verify({ root: project.root, checks: ['security'], nativeCompiler: 'off' });
  }, 180_000);
  afterAll(() => project.remove());

  it('has at least 40 vulnerable and 40 safe cases, across every taint sink', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(40);
    expect(safeFiles.length).toBeGreaterThanOrEqual(40);
    const rules = new Set(expectations.map((expectation) => expectation.ruleId));
    for (const rule of [
      'security/sql-injection',
      'security/command-injection',
      'security/path-traversal',
      'security/xss',
      'security/open-redirect',
      'security/code-injection',
      'security/unsafe-deserialization',
      'security/ssrf',
      'security/regex-injection',
      'security/xpath-injection',
      'security/ldap-injection',
      'security/nosql-injection',
      'security/log-injection',
      'security/header-injection',
    ]) {
      expect(rules).toContain(rule);
    }
  });

  it('finds at least 90 % of the vulnerable cases and flags at most 5 % of the safe ones', () => {
    const same = (finding: Finding, expectation: Expectation) =>
      finding.file === expectation.file &&
      finding.range.startLine === expectation.line &&
      finding.ruleId === expectation.ruleId;
    const missed = expectations.filter(
      (expectation) => !report.findings.some((finding) => same(finding, expectation)),
    );
    const unexpected = report.findings.filter(
      (finding) => !expectations.some((expectation) => same(finding, expectation)),
    );
    const flaggedSafe = safeFiles.filter((file) => report.findings.some((finding) => finding.file === file));
    const byRule = new Map<string, { found: number; total: number }>();
    const byCwe = new Map<string, { found: number; total: number }>();
    for (const expectation of expectations) {
      const found = missed.includes(expectation) ? 0 : 1;
      const cwe = describeRule(expectation.ruleId).cwe ?? 'none';
      for (const [groups, key] of [
        [byRule, expectation.ruleId],
        [byCwe, cwe],
      ] as const) {
        const group = groups.get(key) ?? { found: 0, total: 0 };
        group.found += found;
        group.total += 1;
        groups.set(key, group);
      }
    }
    const recall = (expectations.length - missed.length) / expectations.length;
    const falsePositiveRate = flaggedSafe.length / safeFiles.length;
    const duration = report.checks.find((check) => check.id === 'security')?.durationMs;
    console.info(
      [
        `Security corpus: ${vulnerableFiles.length} vulnerable files with ${expectations.length} labelled sinks, ${safeFiles.length} safe files`,
        `  recall ${percent(expectations.length - missed.length, expectations.length)} (${expectations.length - missed.length}/${expectations.length})`,
        `  false positives: ${flaggedSafe.length} of ${safeFiles.length} safe files flagged (${percent(flaggedSafe.length, safeFiles.length)}); ${unexpected.length} unexpected findings in all`,
        `  security check ${duration} ms on ${vulnerableFiles.length + safeFiles.length} files`,
        table('per rule (sink):', byRule),
        table('per CWE:', byCwe),
        ...missed.map((item) => `  missed ${item.file}:${item.line} ${item.ruleId}`),
        ...unexpected.map(
          (finding) =>
            `  unexpected ${finding.file}:${finding.range.startLine} ${finding.ruleId} ${finding.message}`,
        ),
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.05);
  });

  it('names the path from source to sink, with lines, and the CWE', () => {
    const finding = report.findings.find((item) => item.file === 'vulnerable/express-sql-concat.ts');
    expect(finding?.cwe).toBe('CWE-89');
    expect(finding?.message).toBe(
      'SQL text is built from request data: req.query.name (line 8) → name → sql (line 9) → pool.query (line 10). Inferred from names: `req` is taken for a request by its name or place; it has no declared type.',
    );
    // The corpus has no declarations for Express, so its request objects are known by name only.
    expect(finding?.severity).toBe('warning');
    const crossFile = report.findings.find((item) => item.file === 'vulnerable/statement-runner.ts');
    expect(crossFile?.message).toContain('req.body.userId (line 7)');
    expect(crossFile?.message).toContain('runStatement()');
    const factoryMethod = report.findings.find(
      (item) => item.file === 'vulnerable/lib-factory-preferences-repository.ts',
    );
    expect(factoryMethod?.message).toContain(
      'parameter sort of exported function createPreferencesRepository().list: sort (line 13)',
    );
  });
});
