import { BatonError } from '../../core/errors.js';
import { formatIssue } from '../../plan/index.js';
import { defineCommand } from '../command.js';
import { count, formatLintSummary } from './plan-check.js';

export const promptLintCommand = defineCommand({
  name: 'prompt lint',
  activity: 'prompting',
  description: 'score the five prompt elements of every component and suggest rewrites',
  arguments: [{ name: 'plan', description: 'the plan file', required: true }],
  options: {
    json: { flags: '--json', type: 'boolean', description: 'print scores and findings as JSON' },
    minScore: {
      flags: '--min-score <score>',
      type: 'number',
      description: 'exit 1 when a component scores below this (0–100)',
    },
  },
  async run({ args, io, options, loadConfig }) {
    const minScore = options.minScore;
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `--min-score must be a number from 0 to 100, got "${options.minScore}".`,
        hint: 'For example: --min-score 80.',
      });
    }
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
    const plan = check.plan;
    if (!plan) {
      io.stdout.write(
        `${check.issues.map(formatIssue).join('\n')}\n✗ the plan cannot be read; fix these first\n`,
      );
      return 1;
    }
    const results = lintPlanPrompts(plan);
    const below = minScore === undefined ? [] : results.filter((result) => result.overall < minScore);
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ file: plan.file, results }, null, 2)}\n`);
      return below.length > 0 ? 1 : 0;
    }
    const out = [`Prompt lint of ${plan.file} (scores 0–100)`, formatLintSummary(results)];
    for (const result of results) {
      if (result.findings.length === 0) continue;
      out.push('', `${result.componentId} (${result.overall})`);
      for (const finding of result.findings) {
        const { line, column } = plan.positionOf(finding.path);
        out.push(`  ${plan.file}:${line}:${column}: ${finding.element} ${finding.rule}: ${finding.message}`);
        out.push(`    rewrite: ${finding.suggestion.replace(/\n/g, '\n      ')}`);
      }
    }
    const findings = results.reduce((total, result) => total + result.findings.length, 0);
    out.push('', `${count(findings, 'finding')} in ${count(results.length, 'component')}`);
    if (below.length > 0)
      out.push(`✗ below --min-score ${minScore}: ${below.map((result) => result.componentId).join(', ')}`);
    io.stdout.write(`${out.join('\n')}\n`);
    return below.length > 0 ? 1 : 0;
  },
});
