import { formatTable } from '../../core/index.js';
import type { PlanCheck } from '../../plan/index.js';
import { formatIssue } from '../../plan/index.js';
import type { PromptLintResult } from '../../prompt/index.js';
import { defineCommand } from '../command.js';

/** `1 error`, `2 errors`. */
export function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

/** The triage table and, under it, the signals behind each verdict. */
export function formatTriage(check: PlanCheck): string {
  const components = new Map(check.plan?.components.map((component) => [component.id, component]));
  const rows = check.triage.map((result) => {
    const owner =
      result.declaredOwner && result.declaredOwner !== result.suggestedOwner
        ? `${result.suggestedOwner} (plan: ${result.declaredOwner})`
        : result.suggestedOwner;
    return [
      result.componentId,
      components.get(result.componentId)?.kind ?? '',
      result.verdict,
      result.reasons.join(', ') || '-',
      owner,
      result.requiresHumanReview ? 'required' : '-',
    ];
  });
  const lines = [formatTable(['component', 'kind', 'verdict', 'reasons', 'owner', 'review'], rows)];
  for (const result of check.triage) {
    if (result.signals.length === 0) continue;
    lines.push('', `${result.componentId}: ${result.verdict}, because`);
    for (const signal of result.signals)
      lines.push(`  - ${signal.reason} (${signal.source}): ${signal.detail}`);
  }
  return lines.join('\n');
}

/** One row of scores per component, and the count of findings. */
export function formatLintSummary(results: readonly PromptLintResult[]): string {
  const rows = results.map((result) => [
    result.componentId,
    String(result.scores.context),
    String(result.scores.constraints),
    String(result.scores.examples),
    String(result.scores.edgeCases),
    String(result.scores.qualityBar),
    String(result.overall),
    String(result.findings.length),
  ]);
  return formatTable(
    ['component', 'context', 'constraints', 'examples', 'edge cases', 'quality bar', 'overall', 'findings'],
    rows,
  );
}

export const planCheckCommand = defineCommand({
  name: 'plan check',
  activity: 'planning',
  description: 'validate a plan, triage its components and summarise the prompt lint; exits 1 on errors',
  arguments: [
    {
      name: 'plan',
      description: 'the plan file (.yaml, .yml, or .md with YAML front matter)',
      required: true,
    },
  ],
  options: {
    json: { flags: '--json', type: 'boolean', description: 'print issues, triage and lint as JSON' },
  },
  async run({ args, io, options, loadConfig }) {
    // Loaded on use, so that other commands do not pay for parsing and linting plans.
    const [config, { checkPlan }, { lintPlanPrompts }] = await Promise.all([
      loadConfig(),
      import('../../plan/index.js'),
      import('../../prompt/index.js'),
    ]);
    const check = await checkPlan({
      file: String(args[0]),
      cwd: io.cwd,
      plan: config.plan,
      triage: config.triage,
    });
    const lint = check.plan ? lintPlanPrompts(check.plan) : [];
    const exitCode = check.errorCount > 0 ? 1 : 0;
    if (options.json) {
      const { plan, files, ...rest } = check;
      const triage = rest.triage.map((result) => ({
        ...result,
        signals: result.signals.map((signal) => ({ ...signal })),
      }));
      io.stdout.write(
        `${JSON.stringify({ file: plan?.file, root: plan?.root, ...rest, triage, lint, fileCount: files?.files.length }, null, 2)}\n`,
      );
      return exitCode;
    }
    const out: string[] = [];
    if (check.plan) {
      out.push(
        `Plan ${check.plan.file}: ${check.plan.feature.name}, ${count(check.plan.components.length, 'component')}`,
      );
    }
    if (check.issues.length > 0) {
      out.push('', `Problems (${count(check.errorCount, 'error')}, ${count(check.warningCount, 'warning')})`);
      for (const issue of check.issues) out.push(formatIssue(issue));
    }
    if (check.triage.length > 0) out.push('', 'Triage', formatTriage(check));
    if (lint.length > 0) {
      const findings = lint.reduce((total, result) => total + result.findings.length, 0);
      out.push('', 'Prompt lint (scores 0–100)', formatLintSummary(lint));
      if (findings > 0 && check.plan) {
        out.push(
          `${count(findings, 'finding')}; \`baton prompt lint ${check.plan.file}\` lists each with a rewrite.`,
        );
      }
    }
    out.push(
      '',
      check.errorCount > 0
        ? `✗ ${count(check.errorCount, 'error')}, ${count(check.warningCount, 'warning')}`
        : `✓ plan is valid (${count(check.warningCount, 'warning')})`,
    );
    io.stdout.write(`${out.join('\n').replace(/^\n/, '')}\n`);
    return exitCode;
  },
});
