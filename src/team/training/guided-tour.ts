import { stringify } from 'yaml';
import type { SeededStream } from '../interview/seeded-stream.js';

/** One small function the tour's plan asks for, with the answer the trainee gives as "the model". */
interface TourTask {
  id: string;
  title: string;
  file: string;
  testFile: string;
  testName: string;
  criterion: string;
  context: string;
  answer: string;
  test: string;
}

const tasks: readonly TourTask[] = [
  {
    id: 'truncate',
    title: 'Truncate text to a length with an ellipsis',
    file: 'src/truncate.js',
    testFile: 'test/truncate.test.js',
    testName: 'truncate shortens long text and keeps short text',
    criterion: 'truncate(text, max) returns text of at most max characters, ending in "…" when it was cut',
    context: 'A text helper like `src/slugify.js`: one exported function, no dependencies.',
    answer: `/** Text of at most \`max\` characters, ending in "…" when it had to be cut. */
export function truncate(text, max) {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  return text.length <= max ? text : \`\${text.slice(0, max - 1)}…\`;
}
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { truncate } from '../src/truncate.js';

test('truncate shortens long text and keeps short text', () => {
  assert.equal(truncate('orchestration', 6), 'orche…');
  assert.equal(truncate('short', 10), 'short');
  assert.throws(() => truncate('x', 0), RangeError);
});
`,
  },
  {
    id: 'word-count',
    title: 'Count the words in a text',
    file: 'src/word-count.js',
    testFile: 'test/word-count.test.js',
    testName: 'wordCount counts words separated by any whitespace',
    criterion: 'wordCount(text) returns the number of whitespace-separated words, 0 for blank text',
    context: 'A text helper like `src/slugify.js`: one exported function, no dependencies.',
    answer: `/** How many whitespace-separated words \`text\` holds. */
export function wordCount(text) {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\\s+/u).length;
}
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wordCount } from '../src/word-count.js';

test('wordCount counts words separated by any whitespace', () => {
  assert.equal(wordCount('plan  prompt\\nverify'), 3);
  assert.equal(wordCount('   '), 0);
});
`,
  },
  {
    id: 'title-case',
    title: 'Capitalise the first letter of each word',
    file: 'src/title-case.js',
    testFile: 'test/title-case.test.js',
    testName: 'titleCase capitalises each word and keeps the spacing',
    criterion: 'titleCase(text) upper-cases the first letter of every word and leaves the rest as it was',
    context: 'A text helper like `src/slugify.js`: one exported function, no dependencies.',
    answer: `/** \`text\` with the first letter of every word upper-cased. */
export function titleCase(text) {
  return text.replace(/(^|\\s)(\\p{Ll})/gu, (_match, space, letter) => \`\${space}\${letter.toUpperCase()}\`);
}
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { titleCase } from '../src/title-case.js';

test('titleCase capitalises each word and keeps the spacing', () => {
  assert.equal(titleCase('the  orchestrator'), 'The  Orchestrator');
  assert.equal(titleCase(''), '');
});
`,
  },
];

/** The folder and the plan file the tour's ledger records are found by. */
export const tourLayout = { repository: 'repository', plan: 'plan.yaml', answer: 'ANSWER.md' } as const;

/** The component id the tour's plan names as a dependency that does not exist: plan check's lesson. */
export const brokenDependency = 'text-setup';

export interface GuidedTour {
  task: Pick<TourTask, 'id' | 'title' | 'file' | 'testFile'>;
  /** Files by path, relative to the exercise folder. */
  files: Record<string, string>;
}

const slugify = `/** A lower-case, dash-separated form of \`text\` for URLs. */
export function slugify(text) {
  return text
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
`;

const slugifyTest = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slugify } from '../src/slugify.js';

test('slugify makes a URL-safe form', () => {
  assert.equal(slugify('Héllo, World!'), 'hello-world');
});
`;

function tourPlan(task: TourTask): string {
  const plan = {
    version: 1,
    feature: { name: 'Text tools', description: 'Small text helpers for the product copy.' },
    components: [
      {
        id: task.id,
        title: task.title,
        kind: 'other',
        dependsOn: [brokenDependency],
        files: [task.file, task.testFile],
        estimateHours: 0.5,
        prompt: {
          context: task.context,
          constraints: ['ES modules, plain JavaScript, Node.js 20.', 'No new dependencies.'],
          examples: [{ description: 'Follow the existing helper', file: 'src/slugify.js' }],
          qualityBar: [
            'A one-sentence JSDoc on the exported function.',
            'A node:test test for the criterion.',
          ],
        },
        acceptance: [{ criterion: task.criterion, test: `${task.testFile} > ${task.testName}` }],
        edgeCases: [],
      },
    ],
  };
  return `# The tour's plan: \`baton plan check\` finds what is wrong with it.\n${stringify(plan)}`;
}

function tourText(task: TourTask): string {
  return `# Phase 1: a guided tour of Baton

You take one small component of a real repository through Baton's whole loop: plan, prompt, run,
verify and review. Every step you do is recorded in the ledger, and \`baton train grade\` reads the
ledger to see which steps you did. Work inside \`${tourLayout.repository}/\`.

## 0. Make it a git repository

\`\`\`sh
cd ${tourLayout.repository}
git init -q && git add . && git commit -qm "Text tools"
\`\`\`

## 1. \`baton init\`

Writes \`baton.config.ts\` and creates \`.baton/\`, where the ledger lives. Set \`person\` in
\`baton.config.ts\` to your own name, as the team knows you: your review is recorded under it.

## 2. \`baton plan check ${tourLayout.plan}\`

It names two problems with their file, line and hint. Fix the first, a dependency on a component
that does not exist, now; the second, a component with no edge cases, is the next step. Read the
triage table it prints.

## 3. \`baton prompt lint ${tourLayout.plan}\` and \`baton prompt ${tourLayout.plan} ${task.id}\`

The linter scores the prompt's five elements and names what is missing. Add at least one edge case
to the component (\`edgeCases: [{ case: …, expect: … }]\`) and see it appear in the prompt that
\`baton prompt\` renders. \`baton plan check ${tourLayout.plan}\` now passes.

## 4. \`baton run ${tourLayout.plan} --provider manual\`

The \`manual\` provider plays the model offline: Baton shows you the prompt and waits for the answer.
Paste the answer in \`../${tourLayout.answer}\` (everything below its first line) and end with a line
holding only \`.\`. Baton applies it in a git worktree and puts it through the gate.

## 5. \`baton review\`

In a terminal, read the diff and the gate's findings, then decide yourself: accept, or reject
with a reason. A decision by policy (\`--yes\`, \`--accept-clean\`) is nobody's review and does not
count for the tour. Then \`baton merge\` if you accepted.

## Hand it in

\`\`\`sh
baton train grade <this folder>
\`\`\`
`;
}

function answerText(task: TourTask): string {
  return `Paste everything below this line as the model's answer.

\`\`\`js ${task.file}
${task.answer}\`\`\`

\`\`\`js ${task.testFile}
${task.test}\`\`\`
`;
}

/** Phase 1's exercise: a small repository, a plan with one planted mistake, and the steps to take. */
export function guidedTour(random: SeededStream): GuidedTour {
  const task = random.pick(tasks);
  const repository = {
    'package.json': `${JSON.stringify(
      { name: 'text-tools', private: true, type: 'module', scripts: { test: 'node --test test/' } },
      null,
      2,
    )}\n`,
    'src/slugify.js': slugify,
    'test/slugify.test.js': slugifyTest,
    [tourLayout.plan]: tourPlan(task),
  };
  return {
    task: { id: task.id, title: task.title, file: task.file, testFile: task.testFile },
    files: {
      'TOUR.md': tourText(task),
      [tourLayout.answer]: answerText(task),
      ...Object.fromEntries(
        Object.entries(repository).map(([path, text]) => [`${tourLayout.repository}/${path}`, text]),
      ),
    },
  };
}
