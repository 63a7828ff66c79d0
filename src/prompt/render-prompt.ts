import { posix } from 'node:path';
import { BatonError } from '../core/errors.js';
import type { Plan, PlanComponent } from '../plan/index.js';
import type { ComponentContext, ContextFile } from './component-context.js';
import { countTokens, tokenEncoding } from './count-tokens.js';

/** What happened to one part of the repository context under the token budget. */
export interface PromptBlockReport {
  label: string;
  status: 'included' | 'cut' | 'dropped';
  tokens: number;
}

export interface RenderedPrompt {
  componentId: string;
  text: string;
  tokens: number;
  budget: number;
  encoding: string;
  blocks: PromptBlockReport[];
}

interface Block {
  label: string;
  /** Lower goes in first when the budget is short. */
  priority: number;
  /** Where it is printed, so the order of the text does not depend on what fitted. */
  order: number;
  heading: string;
  lines: string[];
  /** A file's content can be cut to its first lines; a list cannot. */
  cuttable: boolean;
  prefix: string;
  suffix: string;
}

const languages: Record<string, string> = {
  '.ts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.jsx': 'jsx',
  '.json': 'json',
  '.sql': 'sql',
  '.md': 'md',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.css': 'css',
};

function fence(content: string): string {
  const longest = Math.max(2, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(longest + 1);
}

function fileBlock(file: ContextFile, heading: string, priority: number, order: number): Block {
  const marks = fence(file.content);
  const language = languages[posix.extname(file.path)] ?? '';
  return {
    label: heading,
    priority,
    order,
    heading,
    lines: file.content.replace(/\n$/, '').split('\n'),
    cuttable: true,
    prefix: `${marks}${language}`,
    suffix: marks,
  };
}

function renderBlock(block: Block, lineCount = block.lines.length): string {
  const cut = block.lines.length - lineCount;
  const body = block.lines.slice(0, lineCount);
  if (cut > 0) body.push(`… ${cut} more ${cut === 1 ? 'line' : 'lines'} cut to fit the token budget`);
  const inner = block.prefix ? [block.prefix, ...body, block.suffix] : body;
  return [`### ${block.heading}`, ...inner].join('\n');
}

function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${item.trim().replace(/\n+/g, ' ')}`).join('\n');
}

/** The part of the prompt that is never cut: the task and its five elements. */
function renderTask(plan: Plan, component: PlanComponent, context: ComponentContext): string {
  const elements = component.prompt;
  const sections: string[] = [`# Task: ${component.title}`];
  const facts = [`Feature: ${plan.feature.name}.`, `Component: ${component.id} (${component.kind}).`];
  if (component.dependsOn.length > 0) facts.push(`Builds on: ${[...component.dependsOn].sort().join(', ')}.`);
  sections.push(facts.join(' '));
  if (plan.feature.description) sections.push(plan.feature.description);
  if (elements.context) sections.push(`## Context\n${elements.context.trim()}`);
  if (elements.constraints?.length) sections.push(`## Constraints\n${bulletList(elements.constraints)}`);
  if (elements.examples?.length) {
    const lines = elements.examples.map((example) => {
      const where = example.file ? `\`${example.file}\` (under Repository context)` : undefined;
      const head = `- ${[example.description?.trim(), where].filter(Boolean).join(': ') || 'Example'}`;
      return example.code
        ? `${head}\n${fence(example.code)}\n${example.code.replace(/\n$/, '')}\n${fence(example.code)}`
        : head;
    });
    sections.push(`## Examples\n${lines.join('\n')}`);
  }
  if (elements.edgeCases?.length) {
    sections.push(
      `## Edge cases\n${bulletList(elements.edgeCases.map((edgeCase) => (edgeCase.expect ? `${edgeCase.case}: ${edgeCase.expect}` : edgeCase.case)))}`,
    );
  }
  if (elements.qualityBar?.length) sections.push(`## Quality bar\n${bulletList(elements.qualityBar)}`);
  if (component.acceptance.length > 0) {
    sections.push(
      `## Acceptance criteria\n${bulletList(
        component.acceptance.map((criterion) => {
          const proof = criterion.test
            ? ` (test: ${criterion.test})`
            : criterion.command
              ? ` (command: \`${criterion.command}\`)`
              : '';
          return `${criterion.criterion}${proof}`;
        }),
      )}`,
    );
  }
  sections.push(
    `## Files you may change\nChange no file outside this list.\n${bulletList(
      context.touched.map((file) => `${file.path}${file.content === undefined ? ' (new)' : ''}`),
    )}`,
  );
  return sections.join('\n\n');
}

function contextBlocks(context: ComponentContext): Block[] {
  const blocks: Block[] = [];
  const list = (label: string, priority: number, order: number, lines: string[]): Block => ({
    label,
    priority,
    order,
    heading: label,
    lines,
    cuttable: false,
    prefix: '',
    suffix: '',
  });
  // The files the model must change come first: without them it edits blind.
  context.touched.forEach((file, index) => {
    if (file.content !== undefined)
      blocks.push(
        fileBlock(
          { path: file.path, content: file.content },
          `Current content: ${file.path}`,
          1,
          300 + index,
        ),
      );
  });
  for (const [index, file] of context.examples.entries()) {
    blocks.push(fileBlock(file, `Example: ${file.path}`, 2, 10 + index));
  }
  if (context.tsconfig.length > 0) {
    blocks.push(
      list(
        'TypeScript settings (tsconfig.json)',
        3,
        100,
        context.tsconfig.map(([key, value]) => `- ${key}: ${value}`),
      ),
    );
  }
  const describe = (dependency: ComponentContext['dependencies'][number]) =>
    `- ${dependency.name} ${dependency.installed ?? `${dependency.declared} (declared; not installed)`}${dependency.development ? ' (dev)' : ''}`;
  const imported = context.dependencies.filter((dependency) => dependency.imported);
  const others = context.dependencies.filter((dependency) => !dependency.imported);
  if (imported.length > 0)
    blocks.push(
      list('Dependencies used by these files (installed versions)', 4, 200, imported.map(describe)),
    );
  if (context.pattern)
    blocks.push(fileBlock(context.pattern, `Pattern to follow: ${context.pattern.path}`, 5, 400));
  for (const [index, file] of context.neighbours.entries()) {
    blocks.push(fileBlock(file, `Imported by these files: ${file.path}`, 6, 500 + index));
  }
  if (others.length > 0)
    blocks.push(list('Other dependencies (installed versions)', 7, 210, others.map(describe)));
  if (context.folderListing.length > 0) {
    blocks.push(
      list(
        'Other files in these folders',
        8,
        600,
        context.folderListing.map((path) => `- ${path}`),
      ),
    );
  }
  return blocks;
}

// Components of one repository share context blocks (its tsconfig, dependencies, a pattern file), so
// a block's count is kept by its text; the whole prompt is still counted afresh every time.
const blockTokenCounts = new Map<string, number>();
const keptBlockCounts = 500;

function countBlockTokens(text: string): number {
  let tokens = blockTokenCounts.get(text);
  if (tokens === undefined) {
    tokens = countTokens(text);
    if (blockTokenCounts.size >= keptBlockCounts) blockTokenCounts.clear();
    blockTokenCounts.set(text, tokens);
  }
  return tokens;
}

function assemble(task: string, chosen: readonly { block: Block; lines: number }[]): string {
  const parts = [...chosen]
    .sort((left, right) => left.block.order - right.block.order)
    .map(({ block, lines }) => renderBlock(block, lines));
  return `${parts.length > 0 ? `${task}\n\n## Repository context\n\n${parts.join('\n\n')}` : task}\n`;
}

/**
 * Renders a component's prompt: the task and its five elements, then repository context in priority order
 * (examples, tsconfig, dependencies, current files, a pattern, imports, folder listing), each part cut or
 * dropped so that the whole stays within `budget` tokens. The same inputs give the same bytes.
 */
export function renderPrompt(
  plan: Plan,
  component: PlanComponent,
  context: ComponentContext,
  budget: number,
): RenderedPrompt {
  const task = renderTask(plan, component, context);
  const taskTokens = countTokens(`${task}\n\n## Repository context\n\n`);
  if (taskTokens > budget) {
    throw new BatonError({
      code: 'PROMPT_BUDGET_EXCEEDED',
      message: `The prompt of "${component.id}" needs ${taskTokens} tokens before any repository context, more than the budget of ${budget}.`,
      hint: 'Raise prompt.tokenBudget in baton.config, or split the component so that its elements are shorter.',
      details: { componentId: component.id, tokens: taskTokens, budget },
    });
  }
  const blocks = contextBlocks(context).sort(
    (left, right) => left.priority - right.priority || left.order - right.order,
  );
  const chosen: { block: Block; lines: number }[] = [];
  const reports = new Map<Block, PromptBlockReport>();
  let used = taskTokens;
  for (const block of blocks) {
    const whole = countBlockTokens(renderBlock(block)) + 2;
    if (used + whole <= budget) {
      chosen.push({ block, lines: block.lines.length });
      reports.set(block, { label: block.label, status: 'included', tokens: whole });
      used += whole;
      continue;
    }
    let fitting = 0;
    if (block.cuttable) {
      let low = 1;
      let high = block.lines.length - 1;
      while (low <= high) {
        const middle = Math.floor((low + high) / 2);
        if (used + countBlockTokens(renderBlock(block, middle)) + 2 <= budget) {
          fitting = middle;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
    }
    if (fitting >= Math.min(10, block.lines.length)) {
      const tokens = countBlockTokens(renderBlock(block, fitting)) + 2;
      chosen.push({ block, lines: fitting });
      reports.set(block, { label: block.label, status: 'cut', tokens });
      used += tokens;
    } else {
      reports.set(block, { label: block.label, status: 'dropped', tokens: 0 });
    }
  }
  // Counts of parts are near-additive; the whole is counted exactly and the least important part goes if over.
  let text = assemble(task, chosen);
  let tokens = countTokens(text);
  while (tokens > budget && chosen.length > 0) {
    const removed = chosen.pop();
    if (removed) reports.set(removed.block, { label: removed.block.label, status: 'dropped', tokens: 0 });
    text = assemble(task, chosen);
    tokens = countTokens(text);
  }
  return {
    componentId: component.id,
    text,
    tokens,
    budget,
    encoding: tokenEncoding,
    blocks: [...reports.values()],
  };
}
