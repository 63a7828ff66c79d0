import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeRequest, type FakeStep, fakeResponses } from '../../../testing/index.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
  wrongImportAnswer,
} from '../../__fixtures__/run-project.js';

/** The words variant B adds to the prompt; the fake model answers B's prompts from its own script. */
export const variantBMarker = 'Import fullName from ./names.js; names.ts exports nothing else.';

export const variantsYaml = [
  'variants:',
  '  - id: A',
  '    description: The prompt as the plan writes it.',
  '    baseline: true',
  '  - id: B',
  '    description: Names the one export to use.',
  '    add:',
  `      constraints: ["${variantBMarker}"]`,
  '',
].join('\n');

/**
 * How the fake model answers: per variant, a list of scripts by sample (in the order that
 * variant's first attempts arrive); each script lists the answers to attempt 1, 2, … as good or bad.
 */
export type AnswerScript = Record<'A' | 'B', ('good' | 'bad')[][]>;

export interface ScriptedModel {
  respond(request: FakeRequest): FakeStep;
  /** First-attempt requests seen, by variant, in arrival order. */
  readonly firstAttempts: ('A' | 'B')[];
}

function variantOf(request: FakeRequest): 'A' | 'B' {
  return JSON.stringify((request.body as { messages?: unknown }).messages).includes(variantBMarker)
    ? 'B'
    : 'A';
}

function attemptOf(request: FakeRequest): number {
  const messages = (request.body as { messages?: { role: string }[] }).messages ?? [];
  return messages.filter((message) => message.role === 'assistant').length + 1;
}

/** A model that answers each sample's attempts from the script, by variant and sample. */
export function scriptedModel(script: AnswerScript, component = 'hello'): ScriptedModel {
  const firstAttempts: ('A' | 'B')[] = [];
  return {
    firstAttempts,
    respond(request) {
      const variant = variantOf(request);
      const attempt = attemptOf(request);
      if (attempt === 1) firstAttempts.push(variant);
      // Samples run one at a time, so a repair belongs to its variant's latest sample.
      const sample = firstAttempts.filter((seen) => seen === variant).length - 1;
      const answers = script[variant][sample] ?? ['good'];
      const answer = answers[attempt - 1] ?? answers.at(-1) ?? 'good';
      return fakeResponses.reply(answer === 'good' ? goodAnswer(component) : wrongImportAnswer(component));
    },
  };
}

/** A repository with a one-component plan, a variants file and a config naming the fake server. */
export function createExperimentProject(baseURL: string, config: Record<string, unknown> = {}): RunProject {
  const project = createRunProject(planYaml([{ id: 'hello' }]), { 'variants.yaml': variantsYaml });
  const { providers, ...rest } = config as { providers?: Record<string, unknown> };
  writeFileSync(
    join(project.root, 'baton.config.json'),
    JSON.stringify({
      providers: { compatible: { local: { baseURL, model: 'fake-coder' } }, ...providers },
      verify: { checks: ['types', 'api'] },
      ...rest,
    }),
  );
  project.git('add', '-A');
  project.git('commit', '-q', '-m', 'Config');
  return project;
}
