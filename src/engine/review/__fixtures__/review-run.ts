import { join } from 'node:path';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../../test/support/temporary-repository.js';
import type { LedgerStore } from '../../../ledger/ledger-store.js';
import { openSqliteLedger } from '../../../ledger/sqlite-store.js';

/*
 * A run as `baton run` leaves it for review, in a real git repository and a real SQLite ledger:
 *   schema  orchestrate+verify (mandatory review), one attempt, passed, no findings
 *   api     depends on schema; attempt 1 had an error, attempt 2 passed with one warning on src/api.ts:2
 *   form    independent; one attempt, passed, no findings
 * Each passed attempt is one commit with Baton-Run and Baton-Component trailers on its own branch;
 * api's worktree started from schema's branch, as the engine starts dependents.
 */
export interface SeededReviewRun {
  repository: TemporaryRepository;
  ledgerPath: string;
  runId: string;
  heads: Record<'schema' | 'api' | 'form', string>;
  mainBefore: string;
  openLedger(): Promise<LedgerStore>;
}

export interface SeedOptions {
  /** Makes form change src/index.ts the way api does, so merging both conflicts. */
  conflictingForm?: boolean;
}

const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:00.000Z`;

function commitOnBranch(
  repository: TemporaryRepository,
  branch: string,
  from: string,
  files: Record<string, string>,
  component: string,
): string {
  repository.git('switch', '--quiet', '-c', branch, from);
  for (const [path, text] of Object.entries(files)) repository.write(path, text);
  repository.git('add', '--all');
  repository.git(
    'commit',
    '--quiet',
    '-m',
    `${component}: attempt`,
    '--trailer',
    'Baton-Run: run_1',
    '--trailer',
    `Baton-Component: ${component}`,
  );
  const head = repository.git('rev-parse', 'HEAD').trim();
  repository.git('switch', '--quiet', 'main');
  return head;
}

function evidence(checks: string[], commitSha: string) {
  return JSON.stringify({
    requiredChecks: checks,
    unavailableChecks: [],
    checks: checks.map((checkId, index) => ({
      checkId,
      status: 'passed',
      findings: checkId === 'api' ? 1 : 0,
      blocking: 0,
      durationMs: 1000 + index * 250,
    })),
    blockingFindings: 0,
    failOn: 'error',
    passed: true,
    commitSha,
  });
}

export async function seedReviewRun(options: SeedOptions = {}): Promise<SeededReviewRun> {
  const repository = createTemporaryRepository({
    'README.md': '# Preferences service\n',
    'src/index.ts': "export const service = 'preferences';\n",
    '.gitignore': '.baton/\n',
  });
  repository.git('add', '--all');
  repository.git('commit', '--quiet', '-m', 'initial');
  const mainBefore = repository.git('rev-parse', 'HEAD').trim();
  const schema = commitOnBranch(
    repository,
    'baton/run_1/schema/1',
    'main',
    {
      'migrations/002_preferences.sql':
        'CREATE TABLE notification_preferences (\n  user_id INTEGER NOT NULL UNIQUE REFERENCES users(id)\n);\n',
    },
    'schema',
  );
  const api = commitOnBranch(
    repository,
    'baton/run_1/api/2',
    schema,
    {
      'src/api.ts':
        "import { service } from './index.js';\nexport const route = '/' + service;\nexport const limit = 10;\n",
      'src/index.ts': "export const service = 'preferences';\nexport { route } from './api.js';\n",
    },
    'api',
  );
  const form = commitOnBranch(
    repository,
    'baton/run_1/form/1',
    'main',
    options.conflictingForm
      ? {
          'src/index.ts': "export const service = 'preferences';\nexport { Form } from './form.js';\n",
          'src/form.ts': 'export const Form = 1;\n',
        }
      : { 'src/form.ts': 'export const Form = 1;\n' },
    'form',
  );

  const ledgerPath = join(repository.root, '.baton', 'ledger.db');
  const ledger = await openSqliteLedger({ path: ledgerPath });
  const plan = {
    feature: { name: 'Notification preferences' },
    components: [
      { id: 'schema', title: 'Preferences table', kind: 'schema', files: ['migrations/**'] },
      { id: 'api', title: 'GET/PUT endpoints', kind: 'api', dependsOn: ['schema'], files: ['src/**'] },
      { id: 'form', title: 'Preferences form', kind: 'ui', files: ['src/form.ts'] },
    ],
  };
  await ledger.insert('plans', [
    {
      id: 'pln_1',
      feature: 'Notification preferences',
      sourcePath: 'plan.yaml',
      contentHash: 'hash',
      document: JSON.stringify(plan),
      createdAt: at(0),
    },
  ]);
  await ledger.insert('runs', [
    {
      id: 'run_1',
      planId: 'pln_1',
      status: 'succeeded',
      startedAt: at(1),
      endedAt: at(30),
      budgetUsd: null,
      options: JSON.stringify({ baseCommit: mainBefore, providerId: 'replay:demo' }),
    },
  ]);
  const component = (key: string, title: string, kind: string, triage: string, attemptId: string) => ({
    id: `cmp_${key}`,
    planId: 'pln_1',
    key,
    title,
    kind,
    triage,
    ownerRole: null,
    estimateHours: 1,
    status: 'done' as const,
    triageReasons:
      triage === 'orchestrate+verify' ? JSON.stringify(['security-sensitive: migrations/ matched']) : null,
    statusReason: null,
    evidenceAttemptId: attemptId,
    createdAt: at(1),
    updatedAt: at(30),
  });
  await ledger.insert('components', [
    component('schema', 'Preferences table', 'schema', 'orchestrate+verify', 'att_schema_1'),
    component('api', 'GET/PUT endpoints', 'api', 'orchestrate', 'att_api_2'),
    component('form', 'Preferences form', 'ui', 'orchestrate', 'att_form_1'),
  ]);
  const attempt = (
    key: string,
    number: number,
    status: 'passed' | 'findings',
    minute: number,
    commitSha: string | null,
  ) => ({
    id: `att_${key}_${number}`,
    runId: 'run_1',
    componentId: `cmp_${key}`,
    number,
    status,
    worktree: null,
    branch: `baton/run_1/${key}/${number}`,
    startedAt: at(minute),
    endedAt: at(minute + 4),
    baseCommit: mainBefore,
    commitSha,
    evidence:
      status === 'passed' && commitSha
        ? evidence(key === 'api' ? ['api', 'types'] : ['types'], commitSha)
        : null,
  });
  await ledger.insert('attempts', [
    attempt('schema', 1, 'passed', 2, schema),
    attempt('api', 1, 'findings', 8, null),
    attempt('api', 2, 'passed', 14, api),
    attempt('form', 1, 'passed', 20, form),
  ]);
  const finding = (
    id: string,
    attemptId: string,
    severity: string,
    line: number,
    message: string,
    minute: number,
  ) => ({
    id,
    runId: 'run_1',
    attemptId,
    checkId: 'api',
    ruleId: 'api/missing-export',
    severity,
    file: 'src/api.ts',
    line,
    column: 1,
    endLine: line,
    endColumn: 10,
    message,
    hint: 'Import it from where it is exported.',
    cwe: null,
    createdAt: at(minute),
  });
  await ledger.insert('findings', [
    finding('fnd_1', 'att_api_1', 'error', 1, '"./db.js" has no export "query"', 11),
    finding('fnd_2', 'att_api_2', 'warning', 2, 'route built by concatenation: check it is escaped', 17),
  ]);
  await ledger.close();
  return {
    repository,
    ledgerPath,
    runId: 'run_1',
    heads: { schema, api, form },
    mainBefore,
    openLedger: () => openSqliteLedger({ path: ledgerPath }),
  };
}
