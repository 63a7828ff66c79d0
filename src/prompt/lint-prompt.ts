import type { SourcePath } from '../core/index.js';
import type { Plan, PlanComponent } from '../plan/index.js';
import { contradictions } from './repository-contradictions.js';
import type { RepositoryFacts } from './repository-facts.js';
import { findVagueWording } from './vague-wording.js';

export const promptElementNames = ['context', 'constraints', 'examples', 'edgeCases', 'qualityBar'] as const;
export type PromptElementName = (typeof promptElementNames)[number];

export type LintRule =
  | 'missing-element'
  | 'thin-element'
  | 'vague-wording'
  | 'contradicts-repository'
  | 'uncovered-edge-case';

export interface LintFinding {
  componentId: string;
  element: PromptElementName;
  rule: LintRule;
  message: string;
  /** A rewrite that fixes it. */
  suggestion: string;
  /** Where in the plan file the text stands. */
  path: SourcePath;
}

export interface PromptLintResult {
  componentId: string;
  /** 0–100 per element. */
  scores: Record<PromptElementName, number>;
  overall: number;
  findings: LintFinding[];
}

const penalties: Record<LintRule, number> = {
  'missing-element': 100,
  'thin-element': 30,
  'vague-wording': 25,
  'contradicts-repository': 40,
  'uncovered-edge-case': 20,
};

const missingSuggestions: Record<PromptElementName, string> = {
  context:
    'context: "In the <service> (TypeScript, <framework>), <folder> holds <what exists>; this component adds …"',
  constraints:
    'constraints: ["Use TypeScript strict mode", "Use only the dependencies in package.json", "Do not change <file>"]',
  examples: 'examples: [{ file: "<an existing file that shows the pattern>" }]',
  edgeCases:
    'edgeCases: [{ case: "<input or state>", expect: "<what must happen>", test: "<test file> > <name>" }]',
  qualityBar:
    'qualityBar: ["JSDoc on exported functions", "every failure returns a typed error", "tests for each edge case"]',
};

const stopWords = new Set([
  'with',
  'when',
  'that',
  'this',
  'from',
  'have',
  'does',
  'there',
  'their',
  'which',
  'into',
  'user',
]);

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9_]{4,}/g) ?? []).filter((word) => !stopWords.has(word));
}

function isCovered(edgeCase: PlanComponent['edgeCases'][number], component: PlanComponent): boolean {
  if (edgeCase.test && component.acceptance.some((criterion) => criterion.test === edgeCase.test))
    return true;
  const words = contentWords(edgeCase.case);
  if (words.length === 0) return false;
  return component.acceptance.some((criterion) => {
    const criterionWords = new Set(contentWords(criterion.criterion));
    const shared = words.filter((word) => criterionWords.has(word)).length;
    return shared / words.length >= 0.6;
  });
}

export interface LintPromptOptions {
  plan: Plan;
  component: PlanComponent;
  facts: RepositoryFacts;
  /** Reads an example file named in the plan, relative to the plan root. */
  readFile(path: string): string | undefined;
}

/**
 * Scores a component's five prompt elements (0–100 each, and overall) and names what to fix: missing
 * elements, vague wording, text that contradicts the repository, and edge cases no criterion covers.
 */
export function lintPrompt({ plan, component, facts, readFile }: LintPromptOptions): PromptLintResult {
  const findings: LintFinding[] = [];
  const componentPath: SourcePath = ['components', component.index];
  const add = (
    element: PromptElementName,
    rule: LintRule,
    path: SourcePath,
    message: string,
    suggestion: string,
  ) => findings.push({ componentId: component.id, element, rule, message, suggestion, path });
  const elements = component.prompt;

  const listPath = (key: 'constraints' | 'qualityBar', index: number): SourcePath => {
    const fromDefaults = plan.defaults[key].length;
    return index < fromDefaults
      ? ['defaults', key, index]
      : [...componentPath, 'prompt', key, index - fromDefaults];
  };

  for (const element of promptElementNames) {
    const value = elements[element];
    if (
      value === undefined ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'string' && value.trim() === '')
    ) {
      add(
        element,
        'missing-element',
        componentPath,
        `the ${element} element is ${value === undefined ? 'missing' : 'empty'}`,
        missingSuggestions[element],
      );
    }
  }

  const exampleCode = (elements.examples ?? [])
    .map((example) => [example.code ?? '', example.file ? (readFile(example.file) ?? '') : ''].join('\n'))
    .join('\n');

  const context = elements.context;
  if (context !== undefined && context.trim() !== '') {
    const contextPath: SourcePath =
      component.prompt.context === plan.defaults.context
        ? ['defaults', 'context']
        : [...componentPath, 'prompt', 'context'];
    if (context.split(/\s+/).filter(Boolean).length < 12) {
      add(
        'context',
        'thin-element',
        contextPath,
        'the context is under 12 words',
        `${context.trim()} Name the stack, the folder the code lives in and what already exists there.`,
      );
    }
    for (const vague of findVagueWording(context)) {
      add(
        'context',
        'vague-wording',
        contextPath,
        `vague wording "${vague.phrase}"`,
        `Replace "${vague.phrase}": ${vague.suggestion}.`,
      );
    }
    for (const contradiction of contradictions(context, facts, exampleCode)) {
      add('context', 'contradicts-repository', contextPath, contradiction.message, contradiction.suggestion);
    }
  }

  for (const key of ['constraints', 'qualityBar'] as const) {
    (elements[key] ?? []).forEach((line, index) => {
      for (const vague of findVagueWording(line)) {
        add(
          key,
          'vague-wording',
          listPath(key, index),
          `vague wording "${vague.phrase}" in "${line}"`,
          `Replace "${vague.phrase}": ${vague.suggestion}.`,
        );
      }
      for (const contradiction of contradictions(line, facts, exampleCode)) {
        add(
          key,
          'contradicts-repository',
          listPath(key, index),
          contradiction.message,
          contradiction.suggestion,
        );
      }
    });
  }

  (elements.examples ?? []).forEach((example, index) => {
    const path: SourcePath = [...componentPath, 'prompt', 'examples', index];
    if (!example.file && !example.code) {
      add(
        'examples',
        'thin-element',
        path,
        'an example in words shows no pattern',
        `{ description: ${JSON.stringify(example.description ?? '')}, file: "<an existing file that shows it>" }`,
      );
    } else if (example.file && readFile(example.file) === undefined) {
      add(
        'examples',
        'contradicts-repository',
        [...path, 'file'],
        `the example file "${example.file}" does not exist`,
        'Point at a file that exists, relative to the plan root.',
      );
    }
  });

  component.edgeCases.forEach((edgeCase, index) => {
    const path: SourcePath = [...componentPath, 'edgeCases', index];
    if (
      edgeCase.expect.trim() === '' &&
      !/[:→]|\b(?:return|returns|respond|responds|throw|throws|reject|rejects)\b/i.test(edgeCase.case)
    ) {
      add(
        'edgeCases',
        'vague-wording',
        path,
        `the edge case "${edgeCase.case}" does not say what must happen`,
        `{ case: ${JSON.stringify(edgeCase.case)}, expect: "<what the code must do>" }`,
      );
    }
    for (const vague of findVagueWording(`${edgeCase.case}. ${edgeCase.expect}`)) {
      add(
        'edgeCases',
        'vague-wording',
        path,
        `vague wording "${vague.phrase}" in edge case "${edgeCase.case}"`,
        `Replace "${vague.phrase}": ${vague.suggestion}.`,
      );
    }
    if (!isCovered(edgeCase, component)) {
      const test =
        edgeCase.test ??
        `${component.acceptance.find((criterion) => criterion.test)?.test?.split(' > ')[0] ?? '<test file>'} > ${edgeCase.case}`;
      add(
        'edgeCases',
        'uncovered-edge-case',
        path,
        `no acceptance criterion covers the edge case "${edgeCase.case}"`,
        `Add to acceptance: { criterion: ${JSON.stringify(`${edgeCase.case}: ${edgeCase.expect || '<what must happen>'}`)}, test: ${JSON.stringify(test)} }`,
      );
    }
  });

  const scores = Object.fromEntries(
    promptElementNames.map((element) => {
      const lost = findings
        .filter((finding) => finding.element === element)
        .reduce((total, finding) => total + penalties[finding.rule], 0);
      return [element, Math.max(0, 100 - lost)];
    }),
  ) as Record<PromptElementName, number>;
  const overall = Math.round(
    promptElementNames.reduce((total, element) => total + scores[element], 0) / promptElementNames.length,
  );
  return { componentId: component.id, scores, overall, findings };
}
