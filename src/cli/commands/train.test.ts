import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { listTrainingExercises, listTrainingPhases, openSqliteLedger } from '../../ledger/index.js';

let repository: TemporaryRepository;
beforeEach(() => {
  repository = createTemporaryRepository({
    'baton.config.ts': `export default {
  person: 'Ada',
  team: {
    people: [
      { name: 'Ada', role: 'senior' },
      { name: 'Grace', email: 'grace@example.com', role: 'junior' },
    ],
  },
  training: { verificationRigor: { exercises: 1 } },
};
`,
  });
});
afterEach(() => repository.remove());

async function ledgerRecords() {
  const ledger = await openSqliteLedger({ path: join(repository.root, '.baton', 'ledger.db') });
  try {
    return { phases: await listTrainingPhases(ledger), exercises: await listTrainingExercises(ledger) };
  } finally {
    await ledger.close();
  }
}

describe('baton train', () => {
  it('starts a person, grades an exercise for them, shows their status and refuses to advance early', async () => {
    const started = await runBaton(['train', 'start', 'grace@example.com'], repository.root);
    expect(started.stderr).toBe('');
    expect(started.stdout).toMatch(/^Grace starts phase 1 \(tool familiarisation\) on \d{4}-\d\d-\d\d\./);

    const twice = await runBaton(['train', 'start', 'Grace'], repository.root);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain('Grace started training on');

    const out = join(repository.root, 'exercise');
    const written = await runBaton(
      ['train', 'exercise', '--phase', '2', '--seed', '3', '--person', 'Grace', '--out', out],
      repository.root,
    );
    expect(written.stderr).toBe('');
    expect(written.stdout).toContain('Wrote phase 2 (prompting practice) for Grace, seed 3');
    expect(existsSync(join(out, 'exercise.json'))).toBe(true);

    const graded = await runBaton(['train', 'grade', out, '--format', 'json'], repository.root);
    expect(graded.stderr).toBe('');
    const grade = JSON.parse(graded.stdout) as { phase: number; person: string; passed: boolean };
    expect(grade).toMatchObject({ phase: 2, person: 'Grace', passed: false });
    const records = await ledgerRecords();
    expect(records.exercises.map((exercise) => [exercise.person, exercise.phase, exercise.seed])).toEqual([
      ['Grace', 2, 3],
    ]);

    const status = await runBaton(['train', 'status', '--format', 'json'], repository.root);
    const parsed = JSON.parse(status.stdout) as {
      people: {
        person: string;
        phase: number;
        overdue: boolean;
        ready: boolean;
        criteria: { id: string; met: boolean }[];
      }[];
    };
    expect(parsed.people).toEqual([
      expect.objectContaining({
        person: 'Grace',
        phase: 1,
        overdue: false,
        ready: false,
        criteria: [expect.objectContaining({ id: 'guided-tour', met: false })],
      }),
    ]);

    const early = await runBaton(['train', 'advance', 'Grace'], repository.root);
    expect(early.exitCode).toBe(1);
    expect(early.stderr).toContain("Grace has not met phase 1's exit criteria");
    const overridden = await runBaton(
      ['train', 'advance', 'Grace', '--override', 'has used Baton for a month'],
      repository.root,
    );
    expect(overridden.stderr).toBe('');
    expect(overridden.stdout).toContain(
      'Grace moves from phase 1 to phase 2 (prompting practice), overriding',
    );
    expect(
      (await ledgerRecords()).phases.map((record) => [record.phase, record.change, record.recordedBy]),
    ).toEqual([
      [1, 'started', 'Ada'],
      [2, 'overridden', 'Ada'],
    ]);

    const text = await runBaton(['train', 'status', '--person', 'Grace'], repository.root);
    expect(text.stdout).toMatch(/^Grace \(junior\): phase 2 prompting practice, day 0 of 14–28\n/);
    expect(text.stdout).toContain('unmet components prompted since the phase began (at least 5): 0');
  });

  it('names the team for an unknown person and the phases for one out of range', async () => {
    const unknown = await runBaton(['train', 'start', 'Grase'], repository.root);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('No one named "Grase" is on the team (people: Ada, Grace).');
    const status = await runBaton(['train', 'status', '--person', 'Nobody'], repository.root);
    expect(status.exitCode).toBe(2);
    expect(status.stderr).toContain('No one named "Nobody"');

    const phase = await runBaton(['train', 'exercise', '--phase', '5', '--out', 'x'], repository.root);
    expect(phase.exitCode).toBe(2);
    expect(phase.stderr).toContain('--phase: "5" is not a training phase.');
    expect(phase.stderr).toContain('1 tool familiarisation, 2 prompting practice');

    const notStarted = join(repository.root, 'exercise');
    await runBaton(
      ['train', 'exercise', '--phase', '4', '--seed', '1', '--out', notStarted],
      repository.root,
    );
    const grade = await runBaton(['train', 'grade', notStarted], repository.root);
    expect(grade.exitCode).toBe(2);
    expect(grade.stderr).toContain('Ada has not started training');
  });

  it('refuses a training config with a bad threshold, naming the key', async () => {
    writeFileSync(
      join(repository.root, 'baton.config.ts'),
      'export default { training: { promptingPractice: { medianLintScore: 180 } } };\n',
    );
    const result = await runBaton(['train', 'status'], repository.root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('training.promptingPractice.medianLintScore');
  });
});
