import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { resolveTeamPerson, type TeamPerson } from '../../../core/index.js';
import type { AttemptStatus, LedgerStore, ReviewDecision } from '../../../ledger/index.js';
import { recordTrainingExercise, recordTrainingPhase } from '../../../ledger/index.js';

/*
 * Four trainees with a fully known history, for status tests with exact figures (now: 2026-12-07):
 *   Joan   phase 1 since 12-01; one tour graded with every step done          → ready
 *   Grace  phase 2 since 11-01 (36 days: overdue); 5 components she prompted:
 *          first attempt passed on c1, c2, c5; c3 needed a second; c4 rejected → 60 % first pass
 *   Linus  phase 3 since 11-20; latest two exercises 100 % / 2 false, 67 % / 0 → unmet
 *   Ben    phase 4 since 10-01 (67 days: overdue); 3 components through the loop,
 *          one with a defect found later, one accepted by policy only           → 2 of 3
 */
export const trainingNow = new Date('2026-12-07T09:00:00.000Z');

export const trainingPeople: TeamPerson[] = [
  resolveTeamPerson({ name: 'Ada', role: 'senior' }),
  resolveTeamPerson({ name: 'Ben', role: 'mid', git: 'bhall' }),
  resolveTeamPerson({ name: 'Grace', role: 'junior', email: 'grace@example.com' }),
  resolveTeamPerson({ name: 'Joan', role: 'junior' }),
  resolveTeamPerson({ name: 'Linus', role: 'mid' }),
];

const planPath = 'plans/training.yaml';

/** A component whose prompt is as complete as `quality` says: 0 bare, 2 every element. */
function planComponent(id: string, quality: 0 | 1 | 2) {
  const prompt =
    quality === 0
      ? { context: 'Do it.' }
      : {
          context: `The ${id} handler in src/routes/${id}.ts reads the user from the session and answers JSON; it uses the repository passed in.`,
          constraints: [
            'TypeScript strict, no new dependencies.',
            'Answer errors as { error: "<code>" } with a status.',
          ],
          ...(quality === 2
            ? {
                examples: [{ description: 'Follow the projects handler', file: 'src/routes/projects.ts' }],
                qualityBar: [
                  'A one-sentence JSDoc on every export.',
                  'A Vitest test per acceptance criterion.',
                ],
              }
            : {}),
        };
  return {
    id,
    title: `Endpoint ${id}`,
    kind: 'api',
    files: [`src/routes/${id}.ts`],
    prompt,
    acceptance: [{ criterion: `${id} answers 200 with the row`, test: `test/${id}.test.ts > ${id} answers` }],
    edgeCases: quality === 2 ? [{ case: 'an unknown id', expect: '404 with { error: "not-found" }' }] : [],
  };
}

/** Writes the plan the ledger's components came from, under `root`. */
export function writeTrainingPlan(root: string): void {
  mkdirSync(join(root, 'plans'), { recursive: true });
  const plan = {
    version: 1,
    feature: { name: 'Training work', description: 'Real components trainees prompted.' },
    components: [
      planComponent('c1', 2),
      planComponent('c2', 2),
      planComponent('c3', 1),
      planComponent('c4', 2),
      planComponent('c5', 0),
      planComponent('d1', 2),
      planComponent('d2', 2),
      planComponent('d3', 2),
      planComponent('d4', 2),
    ],
  };
  writeFileSync(join(root, planPath), stringify(plan));
}

export async function seedTrainingLedger(ledger: LedgerStore): Promise<void> {
  const at = (day: string, time = '09:00') => `2026-${day}T${time}:00.000Z`;
  await ledger.insert('plans', [
    {
      id: 'pln_t',
      feature: 'Training work',
      sourcePath: planPath,
      contentHash: 'h',
      document: '{}',
      createdAt: at('10-02'),
    },
  ]);
  await ledger.insert('runs', [
    {
      id: 'run_t',
      planId: 'pln_t',
      status: 'done',
      startedAt: at('10-02'),
      endedAt: at('11-30'),
      budgetUsd: null,
      options: '{}',
    },
  ]);
  const keys = ['c1', 'c2', 'c3', 'c4', 'c5', 'd1', 'd2', 'd3', 'd4'];
  await ledger.insert(
    'components',
    keys.map((key) => ({
      id: `cmp_${key}`,
      planId: 'pln_t',
      key,
      title: `Endpoint ${key}`,
      kind: 'api',
      triage: 'orchestrate',
      ownerRole: null,
      estimateHours: 1,
      status: 'done' as const,
      triageReasons: null,
      statusReason: null,
      createdAt: at('10-02'),
      updatedAt: at('11-30'),
    })),
  );
  const attempt = (key: string, number: number, status: AttemptStatus, day: string) => ({
    id: `att_${key}_${number}`,
    runId: 'run_t',
    componentId: `cmp_${key}`,
    number,
    status,
    worktree: null,
    branch: null,
    startedAt: at(day, `1${number}:00`),
    endedAt: at(day, `1${number}:30`),
  });
  await ledger.insert('attempts', [
    attempt('c1', 1, 'passed', '11-10'),
    attempt('c2', 1, 'passed', '11-11'),
    attempt('c3', 1, 'findings', '11-12'),
    attempt('c3', 2, 'passed', '11-12'),
    attempt('c4', 1, 'passed', '11-13'),
    attempt('c5', 1, 'passed', '11-14'),
    attempt('d1', 1, 'passed', '10-10'),
    attempt('d2', 1, 'passed', '10-11'),
    attempt('d3', 1, 'passed', '10-12'),
    attempt('d4', 1, 'passed', '10-13'),
  ]);
  const interval = (person: string, key: string, day: string) => ({
    id: `act_${person}_${key}`,
    person,
    activity: 'prompting',
    componentId: `cmp_${key}`,
    runId: 'run_t',
    startedAt: at(day, '08:00'),
    endedAt: at(day, '08:40'),
    source: 'recorded',
  });
  await ledger.insert('activityIntervals', [
    // Grace's prompting time is recorded under her email: an identity the roster knows.
    ...['c1', 'c2', 'c3', 'c4', 'c5'].map((key, index) =>
      interval('grace@example.com', key, `11-${10 + index}`),
    ),
    ...['d1', 'd2', 'd3', 'd4'].map((key, index) => interval('bhall', key, `10-${10 + index}`)),
  ]);
  const review = (key: string, reviewer: string, decision: ReviewDecision, day: string) => ({
    id: `rev_${key}`,
    componentId: `cmp_${key}`,
    attemptId: null,
    reviewer,
    decision,
    reason: null,
    createdAt: at(day, '17:00'),
    reviewedCommit: null,
    checksOutcome: null,
  });
  await ledger.insert('reviews', [
    review('c4', 'Ada', 'reject', '11-13'),
    review('d1', 'Ada', 'accept', '10-10'),
    review('d2', 'Ada', 'accept', '10-11'),
    review('d3', 'Ada', 'edit', '10-12'),
    review('d4', 'policy', 'accept', '10-13'),
  ]);
  await ledger.insert(
    'merges',
    ['d1', 'd2', 'd3', 'd4'].map((key) => ({
      id: `mrg_${key}`,
      runId: 'run_t',
      componentId: `cmp_${key}`,
      attemptId: `att_${key}_1`,
      baseBranch: 'main',
      branch: `baton/run_t/${key}/1`,
      branchCommit: 'b',
      mergeCommit: 'm',
      mergedBy: 'Ada',
      createdAt: at('10-20'),
    })),
  );
  await ledger.insert('defects', [
    {
      id: 'def_d2',
      componentId: 'cmp_d2',
      person: 'Ada',
      severity: 'high',
      description: 'null user',
      foundAt: at('11-02'),
    },
  ]);

  const phase = (person: string, number: number, day: string, change: 'started' | 'advanced' = 'advanced') =>
    recordTrainingPhase(ledger, {
      person,
      phase: number,
      change: number === 1 ? 'started' : change,
      reason: null,
      recordedBy: 'Ada',
      startedAt: at(day),
    });
  await phase('Joan', 1, '12-01');
  await phase('Grace', 1, '10-20');
  await phase('Grace', 2, '11-01');
  await phase('Linus', 1, '10-01');
  await phase('Linus', 2, '10-15');
  await phase('Linus', 3, '11-20');
  await phase('Ben', 1, '09-01');
  await phase('Ben', 4, '10-01', 'advanced');
  const exercise = (
    person: string,
    number: number,
    seed: number,
    day: string,
    figures: Record<string, number>,
    passed: boolean,
  ) =>
    recordTrainingExercise(ledger, {
      person,
      phase: number,
      seed,
      score: figures.score ?? 0,
      passed,
      figures,
      problems: [],
      gradedAt: at(day, '15:00'),
    });
  await exercise('Joan', 1, 4, '12-03', { stepsDone: 5, steps: 5, score: 100 }, true);
  await exercise('Grace', 1, 9, '10-25', { stepsDone: 5, steps: 5, score: 100 }, true);
  await exercise(
    'Linus',
    3,
    11,
    '11-22',
    { found: 1, seeded: 3, falseClaims: 0, recallPercent: 33, score: 33 },
    false,
  );
  await exercise(
    'Linus',
    3,
    12,
    '11-29',
    { found: 3, seeded: 3, falseClaims: 2, recallPercent: 100, score: 80 },
    false,
  );
  await exercise(
    'Linus',
    3,
    13,
    '12-04',
    { found: 2, seeded: 3, falseClaims: 0, recallPercent: 67, score: 67 },
    false,
  );
}
