import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import type { AttemptStatus, ComponentStatus } from '../../src/ledger/schema.js';

/*
 * A small, fully known history of one feature, for metric tests with exact expected numbers:
 *   schema       estimate 2 h, attempts: findings → passed, accepted
 *   api          estimate 3 h, attempts: passed → (rejected in review) passed, accepted; a defect found later
 *   form         estimate 1.5 h, passed first time, accepted
 *   integration  estimate 4 h, triaged write-directly (legacy), written by hand in 2 h
 *   tests        estimate 1 h, three attempts with findings, escalated
 */
const day1 = (time: string) => `2026-11-20T${time}:00.000Z`;
const day2 = (time: string) => `2026-11-21T${time}:00.000Z`;

export async function seedMetricsLedger(ledger: LedgerStore): Promise<void> {
  await ledger.insert('plans', [
    {
      id: 'pln_1',
      feature: 'Notification preferences',
      sourcePath: 'plan.yaml',
      contentHash: 'h',
      document: '{}',
      createdAt: day1('08:00'),
    },
  ]);
  await ledger.insert('runs', [
    {
      id: 'run_1',
      planId: 'pln_1',
      status: 'escalated',
      startedAt: day1('09:00'),
      endedAt: day2('12:00'),
      budgetUsd: null,
      options: '{}',
    },
  ]);
  const component = (
    key: string,
    estimateHours: number,
    triage: string,
    status: ComponentStatus,
    extra = {},
  ) => ({
    id: `cmp_${key}`,
    planId: 'pln_1',
    key,
    title: key,
    kind: 'other',
    triage,
    ownerRole: 'mid',
    estimateHours,
    status,
    triageReasons: null,
    statusReason: null,
    createdAt: day1('08:00'),
    updatedAt: day2('12:00'),
    ...extra,
  });
  await ledger.insert('components', [
    component('schema', 2, 'orchestrate+verify', 'done'),
    component('api', 3, 'orchestrate', 'done'),
    component('form', 1.5, 'orchestrate', 'done'),
    component('integration', 4, 'write-directly', 'waiting-for-person', {
      triageReasons: JSON.stringify(['legacy integration: src/notify/client.ts has 12 authors over 6 years']),
    }),
    component('tests', 1, 'orchestrate', 'escalated', {
      statusReason: '3 attempts failed: tests/preferences.test.ts still failing',
    }),
  ]);
  const attempt = (key: string, number: number, status: AttemptStatus, startedAt: string) => ({
    id: `att_${key}_${number}`,
    runId: 'run_1',
    componentId: `cmp_${key}`,
    number,
    status,
    worktree: null,
    branch: null,
    startedAt,
    endedAt: startedAt,
  });
  await ledger.insert('attempts', [
    attempt('schema', 1, 'findings', day1('09:00')),
    attempt('schema', 2, 'passed', day1('09:30')),
    attempt('api', 1, 'passed', day1('10:00')),
    attempt('api', 2, 'passed', day1('11:00')),
    attempt('form', 1, 'passed', day2('09:00')),
    attempt('tests', 1, 'findings', day2('10:00')),
    attempt('tests', 2, 'findings', day2('10:30')),
    attempt('tests', 3, 'findings', day2('11:00')),
  ]);
  await ledger.insert('prompts', [
    {
      id: 'prm_schema_1',
      componentId: 'cmp_schema',
      attemptId: 'att_schema_1',
      text: 'Create a PostgreSQL schema for user notification preferences.\nUser ID (foreign key to users table)…',
      hash: 'p1',
      tokens: 420,
      createdAt: day1('09:00'),
    },
  ]);
  await ledger.insert('responses', [
    {
      id: 'rsp_schema_1',
      promptId: 'prm_schema_1',
      attemptId: 'att_schema_1',
      provider: 'openai',
      model: 'gpt-5',
      text: '```sql file=migrations/002_notification_preferences.sql\nCREATE TABLE notification_preferences (user_id INTEGER REFERENCES users(id));\n```',
      finishReason: 'stop',
      durationMs: 2300,
      createdAt: day1('09:01'),
    },
  ]);
  await ledger.insert('edits', [
    {
      id: 'edt_schema_1',
      attemptId: 'att_schema_1',
      responseId: 'rsp_schema_1',
      path: 'migrations/002_notification_preferences.sql',
      format: 'file',
      content: 'CREATE TABLE notification_preferences (user_id INTEGER REFERENCES users(id));\n',
      status: 'applied',
      error: null,
      createdAt: day1('09:01'),
    },
    {
      id: 'edt_tests_1',
      attemptId: 'att_tests_1',
      responseId: null,
      path: 'src/x.ts',
      format: 'file',
      content: "import { missing } from './y.js';\n",
      status: 'applied',
      error: null,
      createdAt: day2('10:01'),
    },
  ]);
  let findingNumber = 0;
  const schemaFile = 'migrations/002_notification_preferences.sql';
  const finding = (
    attemptId: string,
    ruleId: string,
    createdAt: string,
    file = 'src/x.ts',
    severity = 'error',
  ) => ({
    id: `fnd_${++findingNumber}`,
    runId: 'run_1',
    attemptId,
    checkId: ruleId.split('/')[0] ?? ruleId,
    ruleId,
    severity,
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: ruleId,
    hint: null,
    cwe: null,
    createdAt,
  });
  await ledger.insert('findings', [
    finding('att_schema_1', 'sql/one-per-parent-needs-unique', day1('09:05'), schemaFile),
    finding('att_schema_1', 'sql/foreign-key-without-index', day1('09:05'), schemaFile, 'warning'),
    finding('att_tests_1', 'tests/failed', day2('10:05'), 'tests/preferences.test.ts'),
    finding('att_tests_1', 'api/missing-export', day2('10:05')),
    finding('att_tests_2', 'tests/failed', day2('10:35'), 'tests/preferences.test.ts'),
    finding('att_tests_3', 'tests/failed', day2('11:05'), 'tests/preferences.test.ts'),
  ]);
  await ledger.insert('reviews', [
    {
      id: 'rev_1',
      componentId: 'cmp_schema',
      attemptId: 'att_schema_2',
      reviewer: 'ada',
      decision: 'accept',
      reason: null,
      createdAt: day1('09:45'),
    },
    {
      id: 'rev_2',
      componentId: 'cmp_api',
      attemptId: 'att_api_1',
      reviewer: 'ben',
      decision: 'reject',
      reason: 'PUT must validate categories',
      createdAt: day1('10:30'),
    },
    {
      id: 'rev_3',
      componentId: 'cmp_api',
      attemptId: 'att_api_2',
      reviewer: 'ben',
      decision: 'accept',
      reason: null,
      createdAt: day1('11:30'),
    },
    {
      id: 'rev_4',
      componentId: 'cmp_form',
      attemptId: 'att_form_1',
      reviewer: 'ben',
      decision: 'accept',
      reason: null,
      createdAt: day2('09:30'),
    },
  ]);
  let costNumber = 0;
  const cost = (
    attemptId: string,
    model: string,
    inputTokens: number,
    outputTokens: number,
    usd: number | null,
    createdAt: string,
  ) => ({
    id: `cst_${++costNumber}`,
    runId: 'run_1',
    attemptId,
    responseId: null,
    provider: model === 'gpt-5' ? 'openai' : 'compatible',
    model,
    inputTokens,
    outputTokens,
    usd,
    createdAt,
  });
  await ledger.insert('costs', [
    cost('att_schema_1', 'gpt-5', 1000, 200, 0.01, day1('09:01')),
    cost('att_schema_2', 'gpt-5', 1200, 300, 0.015, day1('09:31')),
    cost('att_api_1', 'gpt-5', 2000, 500, 0.03, day1('10:01')),
    cost('att_api_2', 'gpt-5', 1500, 400, 0.02, day1('11:01')),
    cost('att_form_1', 'gpt-5', 800, 200, 0.005, day2('09:01')),
    cost('att_tests_1', 'qwen-coder', 500, 100, 0.004, day2('10:01')),
    cost('att_tests_2', 'qwen-coder', 500, 100, 0.004, day2('10:31')),
    cost('att_tests_3', 'qwen-coder', 500, 100, null, day2('11:01')),
  ]);
  let intervalNumber = 0;
  const interval = (
    person: string,
    activity: string,
    key: string | null,
    startedAt: string,
    hours: number,
    source = 'recorded',
  ) => ({
    id: `act_${++intervalNumber}`,
    person,
    activity,
    componentId: key ? `cmp_${key}` : null,
    runId: key ? 'run_1' : null,
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + hours * 3_600_000).toISOString(),
    source,
  });
  await ledger.insert('activityIntervals', [
    interval('ada', 'planning', null, day1('08:00'), 1),
    interval('ada', 'prompting', 'schema', day1('09:00'), 0.5),
    interval('ada', 'debugging', 'schema', day1('09:00'), 0.5),
    interval('ada', 'reviewing', 'schema', day1('09:30'), 0.25),
    interval('ada', 'prompting', 'api', day1('10:00'), 0.25),
    interval('ben', 'reviewing', 'api', day1('10:15'), 0.5),
    interval('ben', 'debugging', 'api', day1('11:00'), 0.25),
    interval('ben', 'prompting', 'form', day2('09:00'), 0.25),
    interval('ben', 'reviewing', 'form', day2('09:15'), 0.25),
    interval('ben', 'writing', 'integration', day2('13:00'), 2),
    interval('ada', 'debugging', 'tests', day2('10:00'), 1),
    interval('ada', 'prompting', 'tests', day2('11:00'), 0.5),
    interval('ada', 'communication', null, day2('15:00'), 0.25, 'logged'),
    interval('ben', 'communication', null, day2('15:00'), 0.25, 'logged'),
  ]);
  await ledger.insert('defects', [
    {
      id: 'dfc_1',
      componentId: 'cmp_api',
      person: 'ada',
      severity: 'medium',
      description: 'PUT accepted an unknown category',
      foundAt: day2('16:00'),
    },
  ]);
}
