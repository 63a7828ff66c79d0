import { stringify } from 'yaml';
import { type ExpectedVerdict, expectedVerdicts } from './expected-verdicts.js';
import { type FeatureBrief, featureBriefs } from './feature-briefs.js';
import { type HiddenRequirementId, hiddenRequirements } from './hidden-requirements.js';
import { type ScenarioCard, scenarioCards } from './judgment-cards.js';
import {
  applyMutations,
  mutationOperators,
  type SeededError,
  type SeededErrorKind,
  seededErrorKinds,
} from './mutation-operators.js';
import { type PromptingExercise, promptingExercise } from './prompting-exercise.js';
import { type ReferenceDomain, referenceDomains } from './reference-domains.js';
import { referenceFiles } from './reference-implementation.js';
import { seededStream } from './seeded-stream.js';

export const interviewLevels = ['mid', 'senior'] as const;
export type InterviewLevel = (typeof interviewLevels)[number];

/** Where each exercise lives in a kit, and the answer file the candidate edits. */
export const kitLayout = {
  decomposition: { folder: '01-decomposition', answer: '01-decomposition/plan.yaml' },
  prompting: {
    folder: '02-prompting',
    answer: '02-prompting/plan.yaml',
    repository: '02-prompting/repository',
  },
  verification: {
    folder: '03-verification',
    answer: '03-verification/findings.yaml',
    repository: '03-verification/repository',
  },
  judgment: { folder: '04-judgment', answer: '04-judgment/answers.yaml' },
} as const;

export const answerFiles: readonly string[] = Object.values(kitLayout).map((part) => part.answer);

/** Everything a kit is made of, before any file is written: the same seed gives the same kit. */
export interface InterviewKit {
  seed: number;
  level: InterviewLevel;
  brief: FeatureBrief & { source: 'built-in' | 'past-plan' };
  prompting: PromptingExercise;
  verification: {
    domain: ReferenceDomain;
    reference: Record<string, string>;
    mutated: Record<string, string>;
    errors: SeededError[];
    /** Chooses among an operator's variants (which hallucinated name), so it is part of the key. */
    variant: number;
  };
  cards: ScenarioCard[];
  verdicts: ExpectedVerdict[];
  /** The kit's files by path, answer templates included. */
  files: Record<string, string>;
}

const timeBoxes: Record<InterviewLevel, Record<keyof typeof kitLayout, number>> = {
  mid: { decomposition: 30, prompting: 20, verification: 30, judgment: 15 },
  senior: { decomposition: 30, prompting: 20, verification: 40, judgment: 15 },
};

const seededErrorCount: Record<InterviewLevel, number> = { mid: 4, senior: 6 };
const cardCount: Record<InterviewLevel, number> = { mid: 8, senior: 12 };

function chooseSeededErrors(seed: number, level: InterviewLevel): SeededErrorKind[] {
  const random = seededStream(seed, 'seeded-errors');
  const chosen: SeededErrorKind[] = [];
  for (const kind of random.shuffle(seededErrorKinds)) {
    if (chosen.length === seededErrorCount[level]) break;
    const excluded = chosen.some(
      (other) =>
        mutationOperators[other].excludes?.includes(kind) ||
        mutationOperators[kind].excludes?.includes(other),
    );
    if (!excluded) chosen.push(kind);
  }
  return chosen;
}

/** Cards with every verdict represented, so a candidate who always answers the same cannot pass. */
function chooseCards(
  seed: number,
  level: InterviewLevel,
): { cards: ScenarioCard[]; verdicts: ExpectedVerdict[] } {
  const random = seededStream(seed, 'judgment-cards');
  const all = expectedVerdicts(scenarioCards);
  const byVerdict = new Map<string, ScenarioCard[]>();
  for (const card of scenarioCards) {
    const verdict = all.find((expected) => expected.cardId === card.id)?.verdict ?? 'orchestrate';
    byVerdict.set(verdict, [...(byVerdict.get(verdict) ?? []), card]);
  }
  const chosen = new Set<ScenarioCard>();
  for (const cards of byVerdict.values()) for (const card of random.sample(cards, 2)) chosen.add(card);
  for (const card of random.shuffle(scenarioCards)) {
    if (chosen.size >= cardCount[level]) break;
    chosen.add(card);
  }
  const cards = random.shuffle([...chosen]);
  return { cards, verdicts: expectedVerdicts(cards) };
}

export interface BuildKitOptions {
  seed: number;
  level: InterviewLevel;
  /** A feature brief taken from the team's own past plans instead of the built-in set. */
  brief?: FeatureBrief & { source: 'past-plan' };
}

/** Builds a kit in memory from its seed; nothing here reads the clock or the disk. */
export function buildInterviewKit({ seed, level, brief: pastBrief }: BuildKitOptions): InterviewKit {
  const brief = pastBrief ?? {
    ...seededStream(seed, 'brief').pick(featureBriefs),
    source: 'built-in' as const,
  };
  const prompting = promptingExercise(seededStream(seed, 'prompting'));
  const domain = seededStream(seed, 'domain').pick(referenceDomains);
  const reference = referenceFiles(domain);
  const variant = seededStream(seed, 'variant').integer(0, 1000);
  const { files: mutated, errors } = applyMutations(
    reference,
    domain,
    chooseSeededErrors(seed, level),
    variant,
  );
  const { cards, verdicts } = chooseCards(seed, level);
  const kit: Omit<InterviewKit, 'files'> = {
    seed,
    level,
    brief,
    prompting,
    verification: { domain, reference, mutated, errors, variant },
    cards,
    verdicts,
  };
  return { ...kit, files: kitFiles(kit) };
}

function prefixed(folder: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${folder}/${path}`, text]));
}

function kitFiles(kit: Omit<InterviewKit, 'files'>): Record<string, string> {
  const { prompting, verification, cards, brief } = kit;
  return {
    'README.md': readme(kit),
    [`${kitLayout.decomposition.folder}/BRIEF.md`]: `# ${brief.title}\n\n${brief.brief}\n`,
    [kitLayout.decomposition.answer]:
      `# Decompose the brief in BRIEF.md into components: a Baton plan (see the README).
# Each component: id, title, kind, files, acceptance (with a test or a command), edgeCases, dependsOn.
${stringify({ feature: { name: brief.title, description: brief.brief }, components: [] })}`,
    ...prefixed(kitLayout.prompting.repository, prompting.files),
    [kitLayout.prompting.answer]:
      `# Write the prompt for this component: fill in prompt (context, constraints, examples,
# qualityBar) and edgeCases. Read the repository first; the prompt must respect what it does.
${stringify({
  feature: { name: 'Projects API' },
  root: 'repository',
  components: [
    {
      id: prompting.component.id,
      title: prompting.component.title,
      kind: 'api',
      files: ['src/routes/*.js', 'test/*.test.js'],
      acceptance: [
        {
          criterion: prompting.component.criterion,
          test: `test/${prompting.component.id}.test.js > ${prompting.component.testName}`,
        },
      ],
      edgeCases: [],
      prompt: { context: '', constraints: [], examples: [], qualityBar: [] },
    },
  ],
})}`,
    ...prefixed(kitLayout.verification.repository, verification.mutated),
    [kitLayout.verification.answer]:
      `# List every error you find in repository/: file (relative to repository/), line, and what is wrong.
# findings:
#   - file: src/example.js
#     line: 12
#     what: reads a property of a value that can be null
findings: []
`,
    [`${kitLayout.judgment.folder}/CARDS.md`]: cardsText(cards),
    [kitLayout.judgment.answer]: `# For each card: orchestrate, orchestrate+verify or write-directly, and why.
${stringify({ answers: cards.map((card) => ({ card: card.id, verdict: '', reason: '' })) })}`,
  };
}

function cardsText(cards: readonly ScenarioCard[]): string {
  const lines = [
    '# Scenario cards',
    '',
    'Would you orchestrate this work, orchestrate it with extra verification, or write it yourself?',
    '',
  ];
  for (const card of cards) {
    lines.push(`## ${card.id}: ${card.title}`, '', card.scenario, '');
    lines.push(
      `- Files: ${card.files.join(', ')}`,
      `- Estimate if written directly: ${card.estimateHours} h`,
    );
    if (card.performance) lines.push(`- Performance: ${card.performance}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function readme(kit: Omit<InterviewKit, 'files'>): string {
  const minutes = timeBoxes[kit.level];
  const total = Object.values(minutes).reduce((sum, value) => sum + value, 0);
  return `# Orchestration exercises

Four exercises, about ${total} minutes in all. Edit only the answer files named below; leave the
other files as they are. When you are done, hand the folder back as it is.

## 1. Decomposition (${minutes.decomposition} min)

Read \`${kitLayout.decomposition.folder}/BRIEF.md\`, a feature as it was asked for. Break it into
components in \`${kitLayout.decomposition.answer}\` (a Baton plan: \`baton plan check\` validates it if
you have Baton). Say what each component builds, what it depends on, how it is verified (a test or a
command per component) and its edge cases. The brief leaves things unsaid: say them.

## 2. Prompting (${minutes.prompting} min)

\`${kitLayout.prompting.repository}/\` is a small service. Write the prompt a model would get for the
component in \`${kitLayout.prompting.answer}\`: context, constraints, examples, edge cases and quality
bar. The prompt must fit the repository as it is.

## 3. Verification (${minutes.verification} min)

\`${kitLayout.verification.repository}/\` was written by a model from \`SPEC.md\`. It has subtle errors.
Find them: list each in \`${kitLayout.verification.answer}\` with the file, the line and what is wrong.
\`node --test test/\` runs its tests (Node.js 20 or later; nothing to install). A false claim costs
points.

## 4. Judgment (${minutes.judgment} min)

For each card in \`${kitLayout.judgment.folder}/CARDS.md\`, answer in \`${kitLayout.judgment.answer}\`:
\`orchestrate\`, \`orchestrate+verify\` or \`write-directly\`, with the reason.
`;
}

export function hiddenRequirementsOf(brief: FeatureBrief): { id: HiddenRequirementId; statement: string }[] {
  return brief.hidden.map((id) => ({ id, statement: hiddenRequirements[id].statement }));
}
