import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { PlanCheck } from '../../plan/index.js';
import type { McpContext } from './mcp-context.js';
import { guarded, toolOutput } from './tool-result.js';

const planInput = z.object({
  plan: z
    .string()
    .min(1)
    .describe('the plan file (.yaml, .yml, or .md with YAML front matter), relative to the project'),
});

const issueOutput = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  hint: z.string(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  component: z.string().optional(),
});

const triageOutput = z.object({
  component: z.string(),
  verdict: z.string(),
  reasons: z.array(z.string()),
  suggested_owner: z.string(),
  declared_owner: z.string().optional(),
  requires_human_review: z.boolean(),
  signals: z.array(z.object({ reason: z.string(), source: z.string(), detail: z.string() })),
});

const planCheckOutput = z.object({
  valid: z.boolean(),
  file: z.string().optional(),
  feature: z.string().optional(),
  components: z.array(z.string()),
  error_count: z.number(),
  warning_count: z.number(),
  issues: z.array(issueOutput),
});

const planTriageOutput = z.object({
  file: z.string(),
  triage: z.array(triageOutput),
});

async function checkPlanFile(context: McpContext, file: string): Promise<PlanCheck> {
  const { checkPlan } = await import('../../plan/index.js');
  return checkPlan({ file, cwd: context.cwd, plan: context.config.plan, triage: context.config.triage });
}

export function registerPlanCheckTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'plan_check',
    {
      title: 'Check a plan',
      description:
        'Validate a Baton plan file: syntax, schema, dependency cycles, dangling dependencies, components without a verifiable check, components too large. Each issue has its line, column and a fix.',
      inputSchema: planInput,
      outputSchema: planCheckOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) =>
      guarded(async () => {
        const check = await checkPlanFile(context, input.plan);
        const issues = check.issues.map((issue) => ({
          code: issue.code,
          severity: issue.severity,
          message: issue.message,
          hint: issue.hint,
          file: issue.file,
          line: issue.line,
          column: issue.column,
          ...(issue.componentId ? { component: issue.componentId } : {}),
        }));
        const valid = check.plan !== undefined && check.errorCount === 0;
        const lines = [
          `${valid ? 'VALID' : 'INVALID'}: ${check.errorCount} error(s), ${check.warningCount} warning(s)${check.plan ? ` in ${check.plan.file} (${check.plan.components.length} components)` : ''}`,
          ...issues.map(
            (issue) =>
              `${issue.file}:${issue.line}:${issue.column}: ${issue.severity} ${issue.code}: ${issue.message}\n  fix: ${issue.hint}`,
          ),
        ];
        return toolOutput(
          {
            valid,
            ...(check.plan ? { file: check.plan.file, feature: check.plan.feature.name } : {}),
            components: check.plan?.components.map((component) => component.id) ?? [],
            error_count: check.errorCount,
            warning_count: check.warningCount,
            issues,
          },
          lines.join('\n'),
        );
      }),
  );
}

export function registerPlanTriageTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'plan_triage',
    {
      title: 'Triage a plan',
      description:
        'For each plan component: orchestrate, orchestrate with extra verification, or write directly, with the reasons (novel algorithm, domain logic, legacy integration, performance-critical, security-sensitive) and who should own it.',
      inputSchema: planInput,
      outputSchema: planTriageOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) =>
      guarded(async () => {
        const { loadValidPlan } = await import('../../plan/index.js');
        const { plan, check } = await loadValidPlan({
          file: input.plan,
          cwd: context.cwd,
          plan: context.config.plan,
          triage: context.config.triage,
        });
        const triage = check.triage.map((result) => ({
          component: result.componentId,
          verdict: result.verdict,
          reasons: [...result.reasons],
          suggested_owner: result.suggestedOwner,
          ...(result.declaredOwner ? { declared_owner: result.declaredOwner } : {}),
          requires_human_review: result.requiresHumanReview,
          signals: result.signals.map((signal) => ({
            reason: signal.reason,
            source: signal.source,
            detail: signal.detail,
          })),
        }));
        const lines = triage.map(
          (result) =>
            `${result.component}: ${result.verdict}${result.reasons.length > 0 ? ` (${result.reasons.join(', ')})` : ''}; owner ${result.suggested_owner}${result.requires_human_review ? '; human review required' : ''}`,
        );
        return toolOutput({ file: plan.file, triage }, lines.join('\n'));
      }),
  );
}
