import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../ledger/index.js';
import { type AttemptStatus, openSqliteLedger, policyReviewer } from '../ledger/index.js';
import { renderMetricsMarkdown, renderMetricsText } from '../report/index.js';
import { buildMetricsReport, type MetricsReport } from './metrics-report.js';

/*
 * A replayed run as the demo leaves it, in a real SQLite file:
 *   schema  two attempts; attempt 1 blocked on a missing UNIQUE (reported again by attempt 2's
 *           rerun with another line), a failing test reported by both `tests` and `edge-cases`,
 *           evidence notes, and a warning on a migration it never touched; accepted by policy, merged
 *   api     one attempt on a priced-less provider (cost unknown); reviewed by a person for 30 minutes
 * The model's time is recorded by the engine; the only human time is api's review and 10 minutes of planning.
 */
let folder: string;
let ledger: LedgerStore;
let report: MetricsReport;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString();

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'baton-metrics-'));
  ledger = await openSqliteLedger({ path: join(folder, 'ledger.db') });
  await ledger.insert('plans', [
    {
      id: 'pln_1',
      feature: 'Prefs',
      sourcePath: 'plan.yaml',
      contentHash: 'h',
      document: '{}',
      createdAt: at(0),
    },
  ]);
  await ledger.insert('runs', [
    {
      id: 'run_1',
      planId: 'pln_1',
      status: 'succeeded',
      startedAt: at(0),
      endedAt: at(50),
      budgetUsd: null,
      options: '{}',
    },
  ]);
  const component = (key: string, estimateHours: number) => ({
    id: `cmp_${key}`,
    planId: 'pln_1',
    key,
    title: key,
    kind: 'other',
    triage: 'orchestrate',
    ownerRole: null,
    estimateHours,
    status: 'done' as const,
    triageReasons: null,
    statusReason: null,
    evidenceAttemptId: null,
    createdAt: at(0),
    updatedAt: at(0),
  });
  await ledger.insert('components', [component('schema', 1), component('api', 3)]);
  const evidence = JSON.stringify({ failOn: 'error' });
  const attempt = (key: string, number: number, status: AttemptStatus) => ({
    id: `att_${key}_${number}`,
    runId: 'run_1',
    componentId: `cmp_${key}`,
    number,
    status,
    worktree: null,
    branch: null,
    startedAt: at(number),
    endedAt: at(number + 1),
    evidence,
  });
  await ledger.insert('attempts', [
    attempt('schema', 1, 'findings'),
    attempt('schema', 2, 'passed'),
    attempt('api', 1, 'passed'),
  ]);
  const call = (key: string, number: number, provider: string, usd: number | null) => {
    const id = `${key}_${number}`;
    return {
      prompt: {
        id: `prm_${id}`,
        componentId: `cmp_${key}`,
        attemptId: `att_${id}`,
        text: 'prompt',
        hash: id,
        tokens: 100,
        createdAt: at(number),
      },
      response: {
        id: `rsp_${id}`,
        promptId: `prm_${id}`,
        attemptId: `att_${id}`,
        provider,
        model: 'm',
        text: 'answer',
        finishReason: 'stop',
        durationMs: 1,
        createdAt: at(number),
      },
      cost: {
        id: `cst_${id}`,
        runId: 'run_1',
        attemptId: `att_${id}`,
        responseId: `rsp_${id}`,
        provider,
        model: 'm',
        inputTokens: 100,
        outputTokens: 50,
        usd,
        createdAt: at(number),
      },
    };
  };
  const calls = [
    call('schema', 1, 'replay:demo', 0),
    call('schema', 2, 'replay:demo', 0),
    call('api', 1, 'compatible:vllm/coder', null),
  ];
  await ledger.insert(
    'prompts',
    calls.map((entry) => entry.prompt),
  );
  await ledger.insert(
    'responses',
    calls.map((entry) => entry.response),
  );
  await ledger.insert(
    'costs',
    calls.map((entry) => entry.cost),
  );
  const edit = (attemptId: string, path: string) => ({
    id: `edt_${attemptId}_${path}`,
    attemptId,
    responseId: null,
    path,
    format: 'file',
    content: '',
    status: 'applied',
    error: null,
    createdAt: at(1),
  });
  await ledger.insert('edits', [
    edit('att_schema_1', 'migrations/002.sql'),
    edit('att_schema_1', 'test/migrations.test.ts'),
    edit('att_schema_2', 'migrations/002.sql'),
    edit('att_api_1', 'src/api.ts'),
  ]);
  let number = 0;
  const finding = (
    attemptId: string,
    ruleId: string,
    severity: string,
    file: string,
    line: number,
    message: string,
  ) => ({
    id: `fnd_${String(++number).padStart(2, '0')}`,
    runId: 'run_1',
    attemptId,
    checkId: ruleId.split('/')[0] ?? ruleId,
    ruleId,
    severity,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    message,
    hint: null,
    cwe: null,
    createdAt: at(2),
  });
  const unique = 'Table prefs holds one row per users, but nothing stops two rows with the same user_id';
  await ledger.insert('findings', [
    finding('att_schema_1', 'sql/one-per-parent-needs-unique', 'error', 'migrations/002.sql', 4, unique),
    // The same defect again, moved by a line: one defect.
    finding('att_schema_1', 'sql/one-per-parent-needs-unique', 'error', 'migrations/002.sql', 5, unique),
    // One failing test, found by two checks: one defect.
    finding(
      'att_schema_1',
      'tests/failed',
      'error',
      'test/migrations.test.ts',
      32,
      'Test "one row per user" failed',
    ),
    finding(
      'att_schema_1',
      'edge-cases/test-failed',
      'error',
      'test/migrations.test.ts',
      32,
      'Edge case #1 fails',
    ),
    // Evidence, a note and a warning on a file schema never touched: none is a defect.
    finding(
      'att_schema_1',
      'edge-cases/traced',
      'note',
      'test/migrations.test.ts',
      50,
      'Edge case #2 is covered',
    ),
    finding('att_schema_1', 'sql/foreign-key-without-index', 'warning', 'migrations/001.sql', 12, 'No index'),
    // An error on a file schema never touched (the environment, another component's code).
    finding('att_schema_1', 'types/type-error', 'error', 'src/legacy.ts', 3, 'Type mismatch'),
    finding(
      'att_schema_2',
      'edge-cases/traced',
      'note',
      'test/migrations.test.ts',
      32,
      'Edge case #1 is covered',
    ),
    finding('att_schema_2', 'sql/foreign-key-without-index', 'warning', 'migrations/001.sql', 12, 'No index'),
  ]);
  await ledger.insert('reviews', [
    {
      id: 'rev_1',
      componentId: 'cmp_schema',
      attemptId: 'att_schema_2',
      reviewer: policyReviewer,
      decision: 'accept',
      reason: 'accepted without review by --yes',
      createdAt: at(40),
      reviewedCommit: null,
      checksOutcome: null,
    },
    {
      id: 'rev_2',
      componentId: 'cmp_api',
      attemptId: 'att_api_1',
      reviewer: 'ada',
      decision: 'accept',
      reason: null,
      createdAt: at(45),
      reviewedCommit: null,
      checksOutcome: null,
    },
  ]);
  await ledger.insert('merges', [
    {
      id: 'mrg_1',
      runId: 'run_1',
      componentId: 'cmp_schema',
      attemptId: 'att_schema_2',
      baseBranch: 'main',
      branch: 'baton/run_1/schema/2',
      branchCommit: 'a',
      mergeCommit: 'b',
      mergedBy: 'ada',
      createdAt: at(50),
    },
  ]);
  const interval = (
    person: string,
    activity: string,
    key: string | null,
    from: number,
    to: number,
    source: string,
  ) => ({
    id: `act_${person}_${activity}_${key}_${from}`,
    person,
    activity,
    componentId: key ? `cmp_${key}` : null,
    runId: key ? 'run_1' : null,
    startedAt: at(from),
    endedAt: at(to),
    source,
  });
  await ledger.insert('activityIntervals', [
    interval('replay:demo', 'prompting', 'schema', 1, 2, 'engine'),
    interval('replay:demo', 'debugging', 'schema', 2, 3, 'engine'),
    interval('compatible:vllm/coder', 'prompting', 'api', 1, 6, 'engine'),
    interval('ada', 'reviewing', 'api', 15, 45, 'recorded'),
    interval('ada', 'planning', null, 0, 10, 'recorded'),
  ]);
  report = await buildMetricsReport(ledger, {}, new Date(at(59)));
});
afterAll(async () => {
  await ledger.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('honest metrics', () => {
  it('counts each distinct blocking defect on a component’s own files once', () => {
    // The missing UNIQUE once, the failing test once; no evidence, note, untouched warning or untouched error.
    expect(report.quality.defects).toMatchObject({ caughtByGate: 2, gateFindings: 9 });
  });

  it('sets the direct estimate only against human time, and says why a ratio was not measured', () => {
    const [schema, api] = ['schema', 'api'].map((key) =>
      report.productivity.components.find((row) => row.name === key),
    );
    expect(schema).toMatchObject({ totalHours: 0, ratio: null });
    expect(schema?.modelHours).toBeCloseTo(2 / 60, 10);
    expect(schema?.notMeasured).toBe(
      'no human time recorded: answers replayed; accepted by policy, nobody reviewed',
    );
    // Half an hour of a person's review against a 3-hour estimate; the model's 5 minutes are not in it.
    expect(api).toMatchObject({ totalHours: 0.5, reviewHours: 0.5, ratio: 6, notMeasured: undefined });
    expect(api).toMatchObject({ costUsd: null, unpricedCalls: 1 });
    const [feature] = report.productivity.features;
    expect(feature).toMatchObject({ ratio: 6, measured: { components: 1, of: 2 }, directEstimateHours: 4 });
  });

  it('leaves the model out of time allocation and compares a split only from the minimum', async () => {
    expect(report.timeAllocation.people.map((person) => person.who)).toEqual(['ada']);
    expect(report.timeAllocation.team.totalHours).toBeCloseTo(40 / 60, 10);
    expect(report.timeAllocation.modelHours).toBeCloseTo(7 / 60, 10);
    expect(report.timeAllocation.minProfileHours).toBe(2);
    expect(report.timeAllocation.team.closestProfile).toBeUndefined();
    const lenient = await buildMetricsReport(ledger, {}, new Date(at(59)), { minProfileHours: 0.5 });
    expect(lenient.timeAllocation.team.closestProfile).toBeDefined();
  });

  it('counts what reached main accepted by policy', () => {
    expect(report.quality.review).toEqual({
      accepted: 2,
      acceptedByPolicy: 1,
      merged: 1,
      mergedByPolicy: 1,
      baseBranches: ['main'],
    });
  });

  it('says so in the reports: not measured, unknown cost, accepted by policy', () => {
    for (const text of [renderMetricsText(report), renderMetricsMarkdown(report)]) {
      expect(text).toContain(
        'Ratio not measured for schema: no human time recorded: answers replayed; accepted by policy, nobody reviewed.',
      );
      expect(text).toContain('6.00× (1 of 2)');
      expect(text).toContain(
        '1 of 2 accepted components reviewed by a person, 1 accepted by policy (nobody reviewed them); 1 of 1 merged components reached main that way',
      );
      expect(text).toContain('not compared (under 2.00 h)');
      expect(text).toMatch(
        /compatible:vllm\/coder\s*\|?\s*m\s*\|?\s*1\s*\|?\s*100\s*\|?\s*50\s*\|?\s*unknown/,
      );
      expect(text).not.toMatch(/\d+\.\d+×.*schema|schema.*\d+\.\d+×/);
    }
  });
});
