import { BatonError } from '../../core/errors.js';
import type { RenderedPrompt } from '../../prompt/index.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

/** One line for the budget, then what was cut or dropped to honour it. */
export function formatBudgetReport(prompt: RenderedPrompt): string {
  const lines = [
    `prompt for ${prompt.componentId}: ${prompt.tokens} of ${prompt.budget} tokens (${prompt.encoding})`,
  ];
  for (const status of ['cut', 'dropped'] as const) {
    const blocks = prompt.blocks.filter((block) => block.status === status);
    if (blocks.length > 0) lines.push(`  ${status} to fit: ${blocks.map((block) => block.label).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const promptCommand = defineCommand({
  name: 'prompt',
  activity: 'prompting',
  description: 'render the prompt of one plan component, with repository context cut to the token budget',
  arguments: [
    { name: 'plan', description: 'the plan file', required: true },
    { name: 'component', description: 'the id of the component', required: true },
  ],
  options: {
    out: {
      flags: '-o, --out <file>',
      type: 'string',
      description: 'write the prompt to this file instead of stdout',
    },
    budget: {
      flags: '--budget <tokens>',
      type: 'number',
      description: 'token budget (overrides prompt.tokenBudget)',
    },
  },
  async run({ args, io, options, loadConfig }) {
    const config = await loadConfig();
    let budget = config.prompt.tokenBudget;
    if (options.budget !== undefined) {
      budget = options.budget;
      if (!Number.isInteger(budget) || budget < 1) {
        throw new BatonError({
          code: 'USAGE_INVALID',
          message: `--budget must be a positive whole number of tokens, got "${options.budget}".`,
          hint: 'For example: --budget 6000.',
        });
      }
    }
    // The tokenizer's tables are large; only this command loads them.
    const [{ loadValidPlan }, { renderComponentPrompt }] = await Promise.all([
      import('../../plan/index.js'),
      import('../../prompt/index.js'),
    ]);
    const { plan, files } = await loadValidPlan({
      file: String(args[0]),
      cwd: io.cwd,
      plan: config.plan,
      triage: config.triage,
    });
    const prompt = renderComponentPrompt(plan, files, String(args[1]), budget);
    const where = writeOutput(io, prompt.text, options.out);
    if (where === 'stdout') {
      io.stderr.write(formatBudgetReport(prompt));
      return 0;
    }
    const path = where;
    io.stdout.write(`Wrote ${path}\n${formatBudgetReport(prompt)}`);
    return 0;
  },
});
