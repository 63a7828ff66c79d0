import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BatonError } from '../../core/errors.js';
import { defaultTrainingSettings } from '../../core/index.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { gradeTrainingExercise } from './grade-exercise.js';
import { brokenDependency } from './guided-tour.js';
import { buildTrainingExercise } from './training-exercise.js';
import { parsePhase } from './training-phases.js';
import { writeExercise } from './write-exercise.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'baton-train-grade-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!BatonError.isInstance(error)) throw new Error(`expected a BatonError, got ${String(error)}`);
  return error;
}

const grade = (folder: string) => gradeTrainingExercise({ folder, settings: defaultTrainingSettings });

describe('a verification exercise (phase 3)', () => {
  it('is practice size and the same for the same seed, byte for byte', () => {
    const exercise = buildTrainingExercise(3, 5);
    expect(exercise.verification?.errors.map((error) => [error.kind, error.file, error.line])).toEqual([
      ['missing-unique', 'migrations/001-init.sql', 15],
      ['unhandled-null', 'src/bookmarks-service.js', 20],
      ['missing-await', 'src/bookmarks-service.js', 51],
    ]);
    expect(buildTrainingExercise(3, 5).files).toEqual(exercise.files);
    expect(buildTrainingExercise(3, 6).files).not.toEqual(exercise.files);
  });

  it('records recall and false claims: every error found passes, two of three with two false claims does not', async () => {
    const exercise = buildTrainingExercise(3, 5);
    const folder = writeExercise(exercise, 'Linus', join(directory, 'all'));
    const errors = exercise.verification?.errors ?? [];
    writeFileSync(
      join(folder, 'findings.yaml'),
      stringify({
        findings: errors.map((error) => ({ file: error.file, line: error.line + 1, what: error.what })),
      }),
    );
    const perfect = await grade(folder);
    expect(perfect).toMatchObject({
      phase: 3,
      seed: 5,
      person: 'Linus',
      score: 100,
      passed: true,
      figures: { found: 3, seeded: 3, falseClaims: 0, recallPercent: 100 },
      problems: [],
    });

    const partial = writeExercise(exercise, 'Linus', join(directory, 'partial'));
    writeFileSync(
      join(partial, 'findings.yaml'),
      stringify({
        findings: [
          {
            file: 'migrations/001-init.sql',
            line: 14,
            what: 'user_id needs a UNIQUE constraint for the upsert',
          },
          { file: 'src/bookmarks-service.js', line: 21, what: 'bookmark can be null when the id is unknown' },
          { file: 'src/errors.js', line: 3, what: 'the error class is badly named' },
          { file: 'src/bookmarks-service.js', line: 51, what: 'the variable name is too short' },
        ],
      }),
    );
    const graded = await grade(partial);
    // 2 of 3 found is 67 %; 100 × 2/3 − 2 × 10 = 46.7, rounded.
    expect(graded).toMatchObject({
      score: 47,
      passed: false,
      figures: { found: 2, seeded: 3, falseClaims: 2, recallPercent: 67 },
    });
    expect(graded.criteria[0]?.evidence).toContain(
      'missed src/bookmarks-service.js:51 (missing-await): saveSettings() does not await the repository, so it answers with a pending promise instead of the saved row',
    );
  });

  it('names files edited, deleted or not handed in, and still grades', async () => {
    const folder = writeExercise(buildTrainingExercise(3, 5), 'Linus', join(directory, 'edited'));
    unlinkSync(join(folder, 'repository/SPEC.md'));
    writeFileSync(
      join(folder, 'repository/src/errors.js'),
      `${readFileSync(join(folder, 'repository/src/errors.js'), 'utf8')}\n// fixed\n`,
    );
    unlinkSync(join(folder, 'findings.yaml'));
    const graded = await grade(folder);
    expect(graded.problems).toEqual([
      'missing: repository/SPEC.md',
      'edited: repository/src/errors.js',
      'not handed in: findings.yaml',
    ]);
    expect(graded).toMatchObject({ score: 0, passed: false, figures: { found: 0, recallPercent: 0 } });
  });

  it('gives the position and the expected shape for a findings file that does not parse', async () => {
    const folder = writeExercise(buildTrainingExercise(3, 5), 'Linus', join(directory, 'bad'));
    writeFileSync(
      join(folder, 'findings.yaml'),
      'findings:\n  - file: src/a.js\n    line: twelve\n    what: x\n',
    );
    const error = await refusal(grade(folder));
    expect(error.code).toBe('INTERVIEW_ANSWER_INVALID');
    expect(error.message).toMatch(/^findings\.yaml:3:11: findings\.0\.line/);
    expect(error.hint).toContain('findings: a list of { file:');
  });
});

describe('bad exercise folders', () => {
  it('refuses a folder without exercise.json, and a manifest for a phase out of range, saying where', async () => {
    mkdirSync(join(directory, 'empty'));
    const missing = await refusal(grade(join(directory, 'empty')));
    expect(missing.code).toBe('TRAINING_EXERCISE_INVALID');
    expect(missing.message).toContain('has no exercise.json');

    const folder = writeExercise(buildTrainingExercise(2, 1), 'Grace', join(directory, 'phase'));
    const manifest = JSON.parse(readFileSync(join(folder, 'exercise.json'), 'utf8'));
    writeFileSync(join(folder, 'exercise.json'), JSON.stringify({ ...manifest, phase: 7 }));
    const outOfRange = await refusal(grade(folder));
    expect(outOfRange.code).toBe('TRAINING_EXERCISE_INVALID');
    expect(outOfRange.message).toContain('exercise.json: phase:');
  });

  it('refuses a phase out of range on the command line with the phases listed', () => {
    expect(parsePhase('3')).toBe(3);
    expect(parsePhase('verification-rigor')).toBe(3);
    expect(() => parsePhase('5')).toThrowError(/"5" is not a training phase/);
    try {
      parsePhase('0');
    } catch (error) {
      expect(BatonError.isInstance(error) && error.code).toBe('TRAINING_PHASE_INVALID');
      expect(BatonError.isInstance(error) && error.hint).toContain('1 tool familiarisation');
    }
  });

  it('refuses to write over a folder that holds files', () => {
    const folder = join(directory, 'taken');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.md'), 'mine');
    expect(() => writeExercise(buildTrainingExercise(2, 1), 'Grace', folder)).toThrowError(/is not empty/);
  });
});

describe('a prompting exercise (phase 2)', () => {
  it('is graded with the interview’s prompting grader: an empty prompt does not pass', async () => {
    const folder = writeExercise(buildTrainingExercise(2, 3), 'Grace', join(directory, 'prompting'));
    const graded = await grade(folder);
    expect(graded.phase).toBe(2);
    expect(graded.criteria.map((criterion) => criterion.criterion)).toEqual(['prompting']);
    expect(graded.passed).toBe(false);
    expect(graded.figures.prompting).toBe(graded.score);
  });
});

describe('the guided tour (phase 1)', () => {
  async function takeTour(folder: string, reviewer: string): Promise<void> {
    const exercise = buildTrainingExercise(1, 2);
    const component = exercise.tour?.id ?? '';
    const repository = join(folder, 'repository');
    writeFileSync(join(repository, 'baton.config.ts'), "export default { person: 'Joan' };\n");
    const planFile = join(repository, 'plan.yaml');
    const plan = readFileSync(planFile, 'utf8')
      .replace(`      - ${brokenDependency}\n`, '')
      .replace('dependsOn:\n', 'dependsOn: []\n')
      .replace('edgeCases: []', 'edgeCases:\n      - case: an empty text\n        expect: an empty text');
    writeFileSync(planFile, plan);
    mkdirSync(join(repository, '.baton'));
    const ledger = await openSqliteLedger({ path: join(repository, '.baton/ledger.db') });
    const at = '2026-12-02T10:00:00.000Z';
    await ledger.insert('plans', [
      {
        id: 'pln_1',
        feature: 'Text tools',
        sourcePath: 'plan.yaml',
        contentHash: 'h',
        document: '{}',
        createdAt: at,
      },
    ]);
    await ledger.insert('runs', [
      {
        id: 'run_1',
        planId: 'pln_1',
        status: 'done',
        startedAt: at,
        endedAt: at,
        budgetUsd: null,
        options: '{}',
      },
    ]);
    await ledger.insert('components', [
      {
        id: 'cmp_1',
        planId: 'pln_1',
        key: component,
        title: 'Tour',
        kind: 'library',
        triage: 'orchestrate',
        ownerRole: null,
        estimateHours: 0.5,
        status: 'done',
        triageReasons: null,
        statusReason: null,
        createdAt: at,
        updatedAt: at,
      },
    ]);
    await ledger.insert('attempts', [
      {
        id: 'att_1',
        runId: 'run_1',
        componentId: 'cmp_1',
        number: 1,
        status: 'passed',
        worktree: null,
        branch: null,
        startedAt: at,
        endedAt: at,
      },
    ]);
    await ledger.insert('prompts', [
      {
        id: 'prm_1',
        componentId: 'cmp_1',
        attemptId: 'att_1',
        text: '## Edge cases\n- an empty text: an empty text',
        hash: 'h',
        tokens: 10,
        createdAt: at,
      },
    ]);
    await ledger.insert('responses', [
      {
        id: 'rsp_1',
        promptId: 'prm_1',
        attemptId: 'att_1',
        provider: 'manual',
        model: 'manual',
        text: 'answer',
        finishReason: 'stop',
        durationMs: 1000,
        createdAt: at,
      },
    ]);
    await ledger.insert('reviews', [
      {
        id: 'rev_1',
        componentId: 'cmp_1',
        attemptId: 'att_1',
        reviewer,
        decision: 'accept',
        reason: null,
        createdAt: at,
        reviewedCommit: null,
        checksOutcome: null,
      },
    ]);
    await ledger.close();
  }

  it('finds every step the trainee did in the tour repository’s ledger', async () => {
    const folder = writeExercise(buildTrainingExercise(1, 2), 'Joan', join(directory, 'tour'));
    await takeTour(folder, 'Joan');
    const graded = await grade(folder);
    expect(graded.tour?.map((step) => [step.step, step.done])).toEqual([
      ['init', true],
      ['plan-check', true],
      ['prompt', true],
      ['run', true],
      ['review', true],
    ]);
    expect(graded).toMatchObject({
      score: 100,
      passed: true,
      figures: { stepsDone: 5, steps: 5 },
      problems: [],
    });
    expect(graded.tour?.[3]?.evidence).toBe('1 run(s), 1 attempt(s) answered by manual');
  });

  it('does not count a review by someone else, and names each step not done', async () => {
    const untouched = writeExercise(buildTrainingExercise(1, 2), 'Joan', join(directory, 'untouched'));
    const nothing = await grade(untouched);
    expect(nothing.tour?.map((step) => step.done)).toEqual([false, false, false, false, false]);
    expect(nothing.tour?.[0]?.evidence).toBe('no baton.config in the repository: run `baton init` there');
    expect(nothing.tour?.[1]?.evidence).toContain(`still depends on "${brokenDependency}"`);

    const folder = writeExercise(buildTrainingExercise(1, 2), 'Joan', join(directory, 'other-reviewer'));
    await takeTour(folder, 'Ada');
    const graded = await grade(folder);
    expect(graded.tour?.map((step) => step.done)).toEqual([true, true, true, true, false]);
    expect(graded.tour?.[4]?.evidence).toContain('reviewed only by Ada, not by the trainee');
    expect(graded).toMatchObject({ score: 80, passed: false });
  });
});
