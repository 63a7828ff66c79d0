import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserConfig } from '../core/index.js';
import { resolvePlanningSettings } from '../core/index.js';
import { createTemporaryProject, type TemporaryProject } from './__fixtures__/temporary-project.js';
import { checkPlan } from './check-plan.js';
import { readGitHistory } from './git-history.js';

let project: TemporaryProject;

const plan = `feature: { name: Reports }
components:
  - id: export
    title: Extend the export
    kind: integration
    files: [src/reports/export.ts]
    acceptance: [{ criterion: exports, test: test/export.test.ts }]
  - id: fresh
    title: Extend the new report
    kind: other
    estimateHours: 1
    files: [src/reports/summary.ts]
    acceptance: [{ criterion: sums, test: test/summary.test.ts }]
  - id: login
    title: Sign-in form
    kind: ui
    ownerRole: junior
    files: [src/auth/login.ts]
    acceptance: [{ criterion: signs in, test: test/login.test.ts }]
  - id: ranking
    title: Rank results with a novel algorithm of our own
    kind: other
    files: [src/reports/rank.ts]
    acceptance: [{ criterion: ranks, test: test/rank.test.ts }]
  - id: hot
    title: Aggregate the totals
    kind: other
    performance: p95 under 20 ms for 10,000 rows
    files: [src/reports/totals.ts]
    acceptance: [{ criterion: totals, test: test/totals.test.ts }]
  - id: vat
    title: Apply VAT
    kind: other
    files: [src/tax/vat.ts]
    acceptance: [{ criterion: rates, test: test/vat.test.ts }]
`;

beforeAll(() => {
  project = createTemporaryProject();
  project.initGit();
  project.commit({
    author: 'Ada',
    date: '2020-01-01T10:00:00Z',
    files: { 'src/reports/export.ts': 'v1\n', 'src/auth/login.ts': '' },
  });
  project.commit({
    author: 'Grace',
    date: '2021-03-01T10:00:00Z',
    files: { 'src/reports/export.ts': 'v2\n' },
  });
  project.commit({
    author: 'Linus',
    date: '2022-05-01T10:00:00Z',
    files: { 'src/reports/export.ts': 'v3\n' },
  });
  project.commit({
    author: 'Margaret',
    date: '2023-07-01T10:00:00Z',
    files: { 'src/reports/export.ts': 'v4\n' },
  });
  project.commit({
    author: 'Ada',
    date: '2024-06-01T10:00:00Z',
    files: {
      'src/reports/summary.ts': '',
      'src/reports/rank.ts': '',
      'src/reports/totals.ts': '',
      'src/tax/vat.ts': '',
      'plan.yaml': plan,
    },
  });
});

afterAll(() => project.remove());

async function triage(config: Pick<UserConfig, 'triage'> = {}) {
  const settings = resolvePlanningSettings(config);
  const check = await checkPlan({
    file: 'plan.yaml',
    cwd: project.root,
    plan: settings.plan,
    triage: settings.triage,
  });
  return { check, byId: new Map(check.triage.map((result) => [result.componentId, result])) };
}

describe('readGitHistory', async () => {
  it('counts commits and authors per file and dates them from the log', async () => {
    const history = await readGitHistory(project.root);
    const entry = history.of('src/reports/export.ts');
    expect(entry?.commits).toBe(4);
    expect([...(entry?.authors ?? [])].sort()).toEqual([
      'Ada <ada@example.com>',
      'Grace <grace@example.com>',
      'Linus <linus@example.com>',
      'Margaret <margaret@example.com>',
    ]);
    expect(history.headCommitAt).toBe(Date.parse('2024-06-01T10:00:00Z') / 1000);
    expect(entry?.firstCommitAt).toBe(Date.parse('2020-01-01T10:00:00Z') / 1000);
  });

  it('is unavailable outside a git repository', async () => {
    const plain = createTemporaryProject({ 'a.ts': '' });
    try {
      expect((await readGitHistory(plain.root)).available).toBe(false);
    } finally {
      plain.remove();
    }
  });
});

describe('triagePlan', async () => {
  it('gives each verdict with the signals that fired and suggests an owner', async () => {
    const { byId } = await triage({
      triage: {
        rules: [
          { reason: 'domain-specific-logic', paths: ['src/tax/**'], note: 'VAT rules differ by country' },
        ],
      },
    });
    expect(byId.get('export')).toMatchObject({
      verdict: 'orchestrate+verify',
      reasons: ['legacy-integration'],
      requiresHumanReview: true,
      suggestedOwner: 'mid',
      signals: [
        {
          reason: 'legacy-integration',
          source: 'git-history',
          detail: 'git history: src/reports/export.ts: 1613 days old, 4 commits, 4 authors',
        },
      ],
    });
    expect(byId.get('fresh')).toMatchObject({
      verdict: 'orchestrate',
      reasons: [],
      signals: [],
      suggestedOwner: 'junior',
    });
    expect(byId.get('login')).toMatchObject({
      verdict: 'orchestrate+verify',
      reasons: ['security-sensitive'],
      suggestedOwner: 'senior',
    });
    expect(byId.get('login')?.signals[0]?.detail).toMatch(/^src\/auth\/login\.ts matches \*\*\/auth\/\*\*/);
    expect(byId.get('ranking')).toMatchObject({
      verdict: 'write-directly',
      reasons: ['novel-algorithm'],
      requiresHumanReview: false,
      suggestedOwner: 'senior',
    });
    expect(byId.get('hot')?.signals).toEqual([
      {
        reason: 'performance-critical',
        source: 'performance-annotation',
        detail: 'performance: p95 under 20 ms for 10,000 rows',
        verdict: 'orchestrate+verify',
      },
    ]);
    expect(byId.get('vat')).toMatchObject({
      verdict: 'write-directly',
      reasons: ['domain-specific-logic'],
      signals: [
        { source: 'path', detail: 'src/tax/vat.ts matches src/tax/** (VAT rules differ by country)' },
      ],
    });
  });

  it('warns when the plan gives a component to someone less senior than its triage suggests', async () => {
    const { check } = await triage();
    expect(
      check.issues.map((issue) => `${issue.line}:${issue.column} ${issue.severity} ${issue.code}`),
    ).toEqual(['17:16 warning PLAN_OWNER_BELOW_ROUTING']);
    expect(check.errorCount).toBe(0);
  });

  it('follows configured thresholds, verdicts and the choice to drop the built-in rules', async () => {
    const { byId } = await triage({
      triage: {
        replaceDefaultRules: true,
        legacy: { minAuthors: 5, minCommits: 10 },
        verdicts: { 'performance-critical': 'write-directly' },
      },
    });
    expect(byId.get('export')?.verdict).toBe('orchestrate');
    expect(byId.get('login')?.verdict).toBe('orchestrate');
    expect(byId.get('ranking')?.verdict).toBe('orchestrate');
    expect(byId.get('hot')?.verdict).toBe('write-directly');
  });
});
