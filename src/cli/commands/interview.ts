import { BatonError } from '../../core/errors.js';
import { defineCommand } from '../command.js';
import { parseSeed } from '../parse-seed.js';

function required(value: string | undefined, flag: string, hint: string): string {
  if (value) return value;
  throw new BatonError({ code: 'USAGE_INVALID', message: `${flag} is required.`, hint });
}

export const interviewCreateCommand = defineCommand({
  name: 'interview create',
  description: 'write a candidate kit (decomposition, prompting, verification, judgment) and, apart, its key',
  options: {
    out: { flags: '--out <dir>', type: 'string', description: 'the kit folder (new or empty)' },
    keyOut: {
      flags: '--key-out <dir>',
      type: 'string',
      description: "the interviewer's key folder, outside the kit",
    },
    seed: {
      flags: '--seed <n>',
      type: 'string',
      description: 'the same seed gives the same kit; random when left out',
    },
    level: {
      flags: '--level <level>',
      type: 'string',
      choices: ['mid', 'senior'],
      default: 'mid',
      description: 'the role hired for',
    },
    from: {
      flags: '--from <repository>',
      type: 'string',
      description: "take the brief from one of the team's committed plans",
    },
    allowUnsandboxed: {
      flags: '--allow-unsandboxed',
      type: 'boolean',
      description: "run the exercise's tests without the file-system sandbox where the OS has none",
    },
  },
  async run({ io, options }) {
    const { resolve } = await import('node:path');
    const { createInterviewKit } = await import('../../team/interview/create-kit.js');
    const out = required(options.out, '--out <dir>', 'Name a new or empty folder for the candidate’s kit.');
    const keyOut = required(
      options.keyOut,
      '--key-out <dir>',
      'Name a folder outside the kit for the interviewer’s key; the candidate never sees it.',
    );
    const seed = parseSeed(options.seed, 'the same kit');
    const { kit, confirmed } = await createInterviewKit({
      seed,
      level: options.level as 'mid' | 'senior',
      out: resolve(io.cwd, out),
      keyOut: resolve(io.cwd, keyOut),
      from: options.from ? resolve(io.cwd, options.from) : undefined,
      allowUnsandboxed: Boolean(options.allowUnsandboxed),
    });
    const byTest = confirmed.filter((error) => error.confirmedBy === 'test').length;
    io.stdout.write(
      `${[
        `Wrote the kit for seed ${seed} (${kit.level}) to ${out}, and its key to ${keyOut}.`,
        `Brief: ${kit.brief.title} (${kit.brief.hidden.length} unsaid requirements). Verification: ${confirmed.length} seeded errors, ${byTest} confirmed by a failing test and ${confirmed.length - byTest} by the gate; the reference passes both. Judgment: ${kit.cards.length} cards.`,
        `Grade the handed-back kit with: baton interview grade ${out} --key ${keyOut}`,
      ].join('\n')}\n`,
    );
    return 0;
  },
});

export const interviewGradeCommand = defineCommand({
  name: 'interview grade',
  description: 'grade a handed-back kit against its key, 0–100 per criterion with the evidence',
  arguments: [{ name: 'kit', description: 'the kit folder the candidate handed back', required: true }],
  options: {
    key: { flags: '--key <dir>', type: 'string', description: "the kit's key folder (--key-out of create)" },
    format: {
      flags: '--format <format>',
      type: 'string',
      choices: ['text', 'json', 'html'],
      default: 'text',
      description: 'output format',
    },
    candidate: {
      flags: '--candidate <label>',
      type: 'string',
      description: 'record the result in the ledger under this label (no other personal data is kept)',
    },
  },
  async run({ args, io, options, loadConfig }) {
    const { resolve } = await import('node:path');
    const [{ gradeInterviewKit }, report] = await Promise.all([
      import('../../team/interview/grade-kit.js'),
      import('../../report/index.js'),
    ]);
    const key = required(
      options.key,
      '--key <dir>',
      'Give the folder `baton interview create --key-out` wrote.',
    );
    const grade = await gradeInterviewKit({
      kit: resolve(io.cwd, String(args[0])),
      key: resolve(io.cwd, key),
    });
    if (options.candidate) {
      const config = await loadConfig();
      const [{ openLedger }, { recordInterviewResult }] = await Promise.all([
        import('../../ledger/open-ledger.js'),
        import('../../ledger/index.js'),
      ]);
      const ledger = await openLedger(config.ledger);
      try {
        await recordInterviewResult(ledger, {
          candidateLabel: options.candidate,
          seed: grade.seed,
          level: grade.level,
          scores: Object.fromEntries(
            grade.criteria.map((criterion) => [criterion.criterion, criterion.score]),
          ),
          overall: grade.overall,
        });
      } finally {
        await ledger.close();
      }
    }
    if (options.format === 'json') io.stdout.write(`${JSON.stringify(grade, null, 2)}\n`);
    else if (options.format === 'html') io.stdout.write(report.interviewGradeHtml(grade));
    else {
      io.stdout.write(report.interviewGradeText(grade));
      if (options.candidate) io.stdout.write(`Recorded in the ledger as "${options.candidate}".\n`);
    }
    return 0;
  },
});
