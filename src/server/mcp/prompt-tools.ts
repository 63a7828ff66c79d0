import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { BatonError } from '../../core/index.js';
import type { McpContext } from './mcp-context.js';
import { guarded, pageNote, pageOf, toolOutput } from './tool-result.js';

const promptRenderInput = z.object({
  plan: z.string().min(1).describe('the plan file, relative to the project'),
  component: z.string().min(1).describe("the component's id in the plan"),
  budget: z
    .int()
    .min(1)
    .optional()
    .describe("token budget of the prompt (default: the project's prompt.tokenBudget)"),
});

const promptRenderOutput = z.object({
  component: z.string(),
  prompt: z.string(),
  tokens: z.number(),
  budget: z.number(),
  encoding: z.string(),
  cut_to_fit: z.array(z.string()),
  dropped_to_fit: z.array(z.string()),
});

const promptLintInput = z.object({
  plan: z.string().min(1).describe('the plan file, relative to the project'),
  component: z.string().min(1).optional().describe('only this component (default: every component)'),
  offset: z.int().min(0).default(0).describe('skip this many findings (for the next page)'),
  limit: z.int().min(1).max(200).default(30).describe('at most this many findings in the answer'),
});

const promptLintOutput = z.object({
  file: z.string(),
  scores: z.array(
    z.object({
      component: z.string(),
      overall: z.number(),
      context: z.number(),
      constraints: z.number(),
      examples: z.number(),
      edge_cases: z.number(),
      quality_bar: z.number(),
    }),
  ),
  total_findings: z.number(),
  offset: z.number(),
  next_offset: z.number().optional(),
  findings: z.array(
    z.object({
      component: z.string(),
      element: z.string(),
      rule: z.string(),
      message: z.string(),
      rewrite: z.string(),
      line: z.number(),
      column: z.number(),
    }),
  ),
});

async function loadPlan(context: McpContext, file: string) {
  const { loadValidPlan } = await import('../../plan/index.js');
  return loadValidPlan({ file, cwd: context.cwd, plan: context.config.plan, triage: context.config.triage });
}

export function registerPromptRenderTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'prompt_render',
    {
      title: "Render a component's prompt",
      description:
        'The prompt for one plan component: the five elements (context, constraints, examples, edge cases, quality bar) plus context gathered from the repository (dependency versions, tsconfig, neighbouring files), cut to the token budget.',
      inputSchema: promptRenderInput,
      outputSchema: promptRenderOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) =>
      guarded(async () => {
        const { plan, files } = await loadPlan(context, input.plan);
        const { renderComponentPrompt } = await import('../../prompt/index.js');
        const prompt = renderComponentPrompt(
          plan,
          files,
          input.component,
          input.budget ?? context.config.prompt.tokenBudget,
        );
        const labels = (status: 'cut' | 'dropped') =>
          prompt.blocks.filter((block) => block.status === status).map((block) => block.label);
        return toolOutput(
          {
            component: prompt.componentId,
            prompt: prompt.text,
            tokens: prompt.tokens,
            budget: prompt.budget,
            encoding: prompt.encoding,
            cut_to_fit: labels('cut'),
            dropped_to_fit: labels('dropped'),
          },
          prompt.text,
        );
      }),
  );
}

export function registerPromptLintTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'prompt_lint',
    {
      title: 'Lint prompts',
      description:
        "Score the five prompt elements of a plan's components (0–100) and name what is missing, thin, vague or contradicts the repository, each with a rewrite.",
      inputSchema: promptLintInput,
      outputSchema: promptLintOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) =>
      guarded(async () => {
        const { plan } = await loadPlan(context, input.plan);
        const { lintPlanPrompts } = await import('../../prompt/index.js');
        const all = lintPlanPrompts(plan);
        const results = input.component
          ? all.filter((result) => result.componentId === input.component)
          : all;
        if (input.component && results.length === 0) {
          throw new BatonError({
            code: 'PLAN_COMPONENT_NOT_FOUND',
            message: `No component "${input.component}" in ${plan.file}.`,
            hint: `Components: ${plan.components.map((component) => component.id).join(', ')}.`,
          });
        }
        const findings = results.flatMap((result) =>
          result.findings.map((finding) => ({
            component: finding.componentId,
            element: finding.element,
            rule: finding.rule,
            message: finding.message,
            rewrite: finding.suggestion,
            ...plan.positionOf(finding.path),
          })),
        );
        const page = pageOf(findings, input.offset, input.limit);
        const scores = results.map((result) => ({
          component: result.componentId,
          overall: result.overall,
          context: result.scores.context,
          constraints: result.scores.constraints,
          examples: result.scores.examples,
          edge_cases: result.scores.edgeCases,
          quality_bar: result.scores.qualityBar,
        }));
        const note = pageNote(
          page,
          'findings',
          'call prompt_lint again with offset={offset} for the next ones.',
        );
        const lines = [
          ...scores.map((score) => `${score.component}: ${score.overall}/100`),
          ...page.items.map(
            (finding) =>
              `${plan.file}:${finding.line}:${finding.column}: ${finding.component} ${finding.element} ${finding.rule}: ${finding.message}\n  rewrite: ${finding.rewrite}`,
          ),
          ...(note ? [note] : []),
        ];
        return toolOutput(
          {
            file: plan.file,
            scores,
            total_findings: page.total,
            offset: page.offset,
            ...(page.nextOffset === undefined ? {} : { next_offset: page.nextOffset }),
            findings: page.items,
          },
          lines.join('\n'),
        );
      }),
  );
}
