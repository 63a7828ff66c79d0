import { stringify } from 'yaml';
import { type ExpectedVerdict, expectedVerdicts } from '../interview/expected-verdicts.js';
import { type FeatureBrief, featureBriefs } from '../interview/feature-briefs.js';
import { scenarioCards } from '../interview/judgment-cards.js';
import {
  applyMutations,
  mutationOperators,
  type SeededError,
  type SeededErrorKind,
  seededErrorKinds,
} from '../interview/mutation-operators.js';
import { type PromptingExercise, promptingExercise } from '../interview/prompting-exercise.js';
import { type ReferenceDomain, referenceDomains } from '../interview/reference-domains.js';
import { referenceFiles } from '../interview/reference-implementation.js';
import { seededStream } from '../interview/seeded-stream.js';
import { type GuidedTour, guidedTour, tourLayout } from './guided-tour.js';
import { type PhaseNumber, phaseTitles } from './training-phases.js';

/** Practice size: fewer seeded errors and cards than an interview, so a session fits in an hour. */
export const practiceSize = { seededErrors: 3, cards: 6 } as const;

/** The files a trainee edits in each phase's exercise; every other file must stay as written. */
export const exerciseAnswers: Readonly<Record<PhaseNumber, readonly string[]>> = {
  1: [`${tourLayout.repository}/${tourLayout.plan}`],
  2: ['plan.yaml'],
  3: ['findings.yaml'],
  4: ['decomposition/plan.yaml', 'judgment/answers.yaml'],
};

/** A phase's exercise in memory; the same phase and seed give the same files, byte for byte. */
export interface TrainingExercise {
  phase: PhaseNumber;
  seed: number;
  tour?: GuidedTour['task'];
  prompting?: PromptingExercise;
  verification?: {
    domain: ReferenceDomain;
    reference: Record<string, string>;
    errors: SeededError[];
    variant: number;
  };
  brief?: FeatureBrief;
  verdicts?: ExpectedVerdict[];
  files: Record<string, string>;
}

function chooseErrors(seed: number): SeededErrorKind[] {
  const chosen: SeededErrorKind[] = [];
  for (const kind of seededStream(seed, 'training-errors').shuffle(seededErrorKinds)) {
    if (chosen.length === practiceSize.seededErrors) break;
    const excluded = chosen.some(
      (other) =>
        mutationOperators[other].excludes?.includes(kind) ||
        mutationOperators[kind].excludes?.includes(other),
    );
    if (!excluded) chosen.push(kind);
  }
  return chosen;
}

function prefixed(folder: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${folder}/${path}`, text]));
}

function readme(phase: PhaseNumber, body: string): string {
  return `# Training, phase ${phase}: ${phaseTitles[phase]}

${body}
Edit only the answer files named here and leave every other file as it is; then run
\`baton train grade <this folder>\`.
`;
}

function promptingFiles(exercise: PromptingExercise): Record<string, string> {
  const plan = {
    feature: { name: 'Projects API' },
    root: 'repository',
    components: [
      {
        id: exercise.component.id,
        title: exercise.component.title,
        kind: 'api',
        files: ['src/routes/*.js', 'test/*.test.js'],
        acceptance: [
          {
            criterion: exercise.component.criterion,
            test: `test/${exercise.component.id}.test.js > ${exercise.component.testName}`,
          },
        ],
        edgeCases: [],
        prompt: { context: '', constraints: [], examples: [], qualityBar: [] },
      },
    ],
  };
  return {
    'README.md': readme(
      2,
      `\`repository/\` is a small service. Write the prompt a model would get for the component in
\`plan.yaml\`: context, constraints, examples, edge cases and quality bar. \`baton prompt lint
plan.yaml\` scores it as you go; grading adds whether the prompt states what the repository does
(its test framework, versions, error format, the handler to follow) and contradicts none of it.
`,
    ),
    ...prefixed('repository', exercise.files),
    'plan.yaml': `# Fill in prompt (context, constraints, examples, qualityBar) and edgeCases.\n${stringify(plan)}`,
  };
}

function verificationFiles(mutated: Record<string, string>): Record<string, string> {
  return {
    'README.md': readme(
      3,
      `\`repository/\` was written by a model from its \`SPEC.md\` and has ${practiceSize.seededErrors} subtle errors.
List each in \`findings.yaml\` with the file, the line and what is wrong. \`node --test test/\` runs
its tests. A claim that matches no error counts against you, as a false alarm does in review.
`,
    ),
    ...prefixed('repository', mutated),
    'findings.yaml': `# findings:\n#   - file: src/example.js\n#     line: 12\n#     what: reads a property of a value that can be null\nfindings: []\n`,
  };
}

function integrationFiles(brief: FeatureBrief, cards: typeof scenarioCards): Record<string, string> {
  const cardLines = cards.flatMap((card) => [
    `## ${card.id}: ${card.title}`,
    '',
    card.scenario,
    '',
    `- Files: ${card.files.join(', ')}`,
    `- Estimate if written directly: ${card.estimateHours} h`,
    ...(card.performance ? [`- Performance: ${card.performance}`] : []),
    '',
  ]);
  return {
    'README.md': readme(
      4,
      `Two drills for working the whole loop; the phase itself is passed on real components.

1. \`decomposition/BRIEF.md\` is a feature as it was asked for. Break it into a Baton plan in
   \`decomposition/plan.yaml\`, saying what the brief leaves unsaid.
2. For each card in \`judgment/CARDS.md\`, answer in \`judgment/answers.yaml\`: \`orchestrate\`,
   \`orchestrate+verify\` or \`write-directly\`, with the reason.
`,
    ),
    'decomposition/BRIEF.md': `# ${brief.title}\n\n${brief.brief}\n`,
    'decomposition/plan.yaml': `# A Baton plan: components with id, title, kind, files, acceptance, edgeCases, dependsOn.\n${stringify(
      { feature: { name: brief.title, description: brief.brief }, components: [] },
    )}`,
    'judgment/CARDS.md': `${['# Scenario cards', '', ...cardLines].join('\n')}`,
    'judgment/answers.yaml': `# For each card: orchestrate, orchestrate+verify or write-directly, and why.\n${stringify(
      {
        answers: cards.map((card) => ({ card: card.id, verdict: '', reason: '' })),
      },
    )}`,
  };
}

/** Builds a phase's exercise from its seed with the interview's generators; nothing here reads the disk. */
export function buildTrainingExercise(phase: PhaseNumber, seed: number): TrainingExercise {
  if (phase === 1) {
    const tour = guidedTour(seededStream(seed, 'training-tour'));
    return { phase, seed, tour: tour.task, files: tour.files };
  }
  if (phase === 2) {
    const prompting = promptingExercise(seededStream(seed, 'prompting'));
    return { phase, seed, prompting, files: promptingFiles(prompting) };
  }
  if (phase === 3) {
    const domain = seededStream(seed, 'domain').pick(referenceDomains);
    const reference = referenceFiles(domain);
    const variant = seededStream(seed, 'variant').integer(0, 1000);
    const { files, errors } = applyMutations(reference, domain, chooseErrors(seed), variant);
    return {
      phase,
      seed,
      verification: { domain, reference, errors, variant },
      files: verificationFiles(files),
    };
  }
  const brief = seededStream(seed, 'brief').pick(featureBriefs);
  const cards = seededStream(seed, 'training-cards').sample(scenarioCards, practiceSize.cards);
  return { phase, seed, brief, verdicts: expectedVerdicts(cards), files: integrationFiles(brief, cards) };
}
