import { BatonError } from '../../core/errors.js';
import type { ResolvedConfig } from '../../core/index.js';
import { defineCommand } from '../command.js';
import { parseSeed } from '../parse-seed.js';

const formatOption = {
  flags: '--format <format>',
  type: 'string',
  choices: ['text', 'json'],
  default: 'text',
  description: 'output format',
} as const;

/** Opens the ledger and the training context every `train` command works in. */
async function withTraining<Result>(
  config: ResolvedConfig,
  work: (context: {
    ledger: import('../../ledger/index.js').LedgerStore;
    progress: import('../../team/training/index.js').ProgressContext;
    training: typeof import('../../team/training/index.js');
    repository: string | undefined;
  }) => Promise<Result>,
): Promise<Result> {
  const [{ openLedger }, training, { findGitRoot }] = await Promise.all([
    import('../../ledger/open-ledger.js'),
    import('../../team/training/index.js'),
    import('../../core/index.js'),
  ]);
  const ledger = await openLedger(config.ledger);
  try {
    return await work({
      ledger,
      training,
      repository: findGitRoot(config.root),
      progress: { ledger, people: config.team.people, by: config.person, now: new Date() },
    });
  } finally {
    await ledger.close();
  }
}

export const trainStartCommand = defineCommand({
  name: 'train start',
  description: "record a person's start in training (phase 1, tool familiarisation)",
  arguments: [
    { name: 'person', description: 'a person on the team (name, email or git identity)', required: true },
  ],
  async run({ args, io, loadConfig }) {
    const config = await loadConfig();
    return withTraining(config, async ({ progress, training }) => {
      const record = await training.startTraining(progress, String(args[0]));
      io.stdout.write(
        `${record.person} starts phase 1 (${training.phaseTitles[1]}) on ${record.startedAt.slice(0, 10)}.\nTheir first exercise: baton train exercise --phase 1 --person "${record.person}" --out <dir>\n`,
      );
      return 0;
    });
  },
});

export const trainExerciseCommand = defineCommand({
  name: 'train exercise',
  description: "write a training phase's practice exercise (phase 1 is a guided tour of Baton)",
  options: {
    phase: { flags: '--phase <n>', type: 'string', description: 'the phase, 1–4' },
    seed: {
      flags: '--seed <n>',
      type: 'string',
      description: 'the same seed gives the same exercise; random when left out',
    },
    out: {
      flags: '--out <dir>',
      type: 'string',
      description: 'the exercise folder (new or empty); default training-phase-<n>-<seed>',
    },
    person: {
      flags: '--person <name>',
      type: 'string',
      description: 'who the exercise is for (default: the config’s person)',
    },
    allowUnsandboxed: {
      flags: '--allow-unsandboxed',
      type: 'boolean',
      description: "run the exercise's tests without the file-system sandbox where the OS has none",
    },
  },
  async run({ io, options, loadConfig }) {
    const { resolve } = await import('node:path');
    const training = await import('../../team/training/index.js');
    if (options.phase === undefined) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: '--phase is required.',
        hint: 'Give --phase 1 (the guided tour), 2 (prompting), 3 (verification) or 4 (workflow integration).',
      });
    }
    const phase = training.parsePhase(options.phase);
    const seed = parseSeed(options.seed, 'the same exercise for the same phase');
    const config = await loadConfig();
    const person = await withTraining(config, async ({ ledger, training: loaded }) =>
      options.person
        ? (await loaded.requireTeamMember(ledger, config.team.people, options.person)).name
        : config.person,
    );
    const out = resolve(io.cwd, options.out ?? `training-phase-${phase}-${seed}`);
    const { exercise, folder } = await training.createTrainingExercise({
      phase,
      seed,
      person,
      out,
      allowUnsandboxed: Boolean(options.allowUnsandboxed),
    });
    const what =
      phase === 1
        ? `a guided tour: take "${exercise.tour?.id}" through init, plan check, prompt, run and review (TOUR.md)`
        : phase === 2
          ? `a prompt to write for "${exercise.prompting?.component.id}" (plan.yaml)`
          : phase === 3
            ? `${exercise.verification?.errors.length} seeded errors to find (findings.yaml), each confirmed by a failing test or the gate`
            : `a feature brief to decompose and ${exercise.verdicts?.length} judgment cards`;
    io.stdout.write(
      `Wrote phase ${phase} (${training.phaseTitles[phase]}) for ${person}, seed ${seed}, to ${folder}: ${what}.\nGrade it with: baton train grade ${folder}\n`,
    );
    return 0;
  },
});

export const trainGradeCommand = defineCommand({
  name: 'train grade',
  description: 'grade a handed-in training exercise and record the result for the person in the ledger',
  arguments: [{ name: 'exercise', description: 'the exercise folder', required: true }],
  options: { format: formatOption },
  async run({ args, io, options, loadConfig }) {
    const { resolve } = await import('node:path');
    const config = await loadConfig();
    return withTraining(config, async ({ ledger, progress, training }) => {
      const { loadRoster } = await import('../../team/team-report.js');
      const folder = resolve(io.cwd, String(args[0]));
      const roster = await loadRoster(ledger, config.team.people);
      const grade = await training.gradeTrainingExercise({
        folder,
        settings: config.training,
        isTrainee: (identity, person) => {
          const trainee = roster.resolve(person);
          return trainee
            ? roster.resolve(identity) === trainee
            : identity.trim().toLowerCase() === person.toLowerCase();
        },
      });
      await training.recordExerciseGrade(progress, grade);
      if (options.format === 'json') io.stdout.write(`${JSON.stringify(grade, null, 2)}\n`);
      else io.stdout.write(`${training.formatTrainingGrade(grade)}Recorded for ${grade.person}.\n`);
      return 0;
    });
  },
});

export const trainStatusCommand = defineCommand({
  name: 'train status',
  description: "where each person stands: phase, days against the article's duration, exit criteria measured",
  options: {
    person: { flags: '--person <name>', type: 'string', description: 'only this person' },
    format: formatOption,
  },
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    return withTraining(config, async ({ ledger, training, repository }) => {
      const { loadRoster } = await import('../../team/team-report.js');
      const person = options.person
        ? (await training.requireTeamMember(ledger, config.team.people, options.person)).name
        : undefined;
      const status = await training.buildTrainingStatus({
        ledger,
        roster: await loadRoster(ledger, config.team.people),
        settings: config.training,
        root: config.root,
        repository,
        now: new Date(),
        ...(person ? { person } : {}),
      });
      if (options.format === 'json') io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else if (person && status.people.length === 0)
        io.stdout.write(`${person} has not started training: baton train start "${person}"\n`);
      else io.stdout.write(training.formatTrainingStatus(status));
      return 0;
    });
  },
});

export const trainAdvanceCommand = defineCommand({
  name: 'train advance',
  description: "record a person's next phase once the current one's exit criteria are met",
  arguments: [{ name: 'person', description: 'a person in training', required: true }],
  options: {
    override: {
      flags: '--override <reason>',
      type: 'string',
      description: 'advance although criteria are unmet; the reason is kept in the ledger',
    },
  },
  async run({ args, io, options, loadConfig }) {
    const config = await loadConfig();
    return withTraining(config, async ({ progress, training, repository }) => {
      const { record, status } = await training.advanceTraining(progress, String(args[0]), {
        settings: config.training,
        root: config.root,
        repository,
        override: options.override,
      });
      io.stdout.write(
        record.phase > 4
          ? `${record.person} finished phase 4 (${training.phaseTitles[4]}): training complete.\n`
          : `${record.person} moves from phase ${status.phase} to phase ${record.phase} (${training.phaseTitles[record.phase as 1 | 2 | 3 | 4]})${record.change === 'overridden' ? `, overriding: ${record.reason}` : ''}.\n`,
      );
      return 0;
    });
  },
});
