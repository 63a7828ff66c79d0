import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

export const decomposeCommand = defineCommand({
  name: 'decompose',
  activity: 'planning',
  description: 'turn a feature brief into a plan with a model; the plan is written only once it validates',
  arguments: [{ name: 'brief', description: 'the feature brief, a Markdown file', required: true }],
  options: {
    out: {
      flags: '-o, --out <file>',
      type: 'string',
      description: 'where to write the plan',
      default: 'plan.yaml',
    },
    provider: {
      flags: '--provider <id>',
      type: 'string',
      description: 'the model to ask (default: providers.default)',
    },
    attempts: {
      flags: '--attempts <n>',
      type: 'number',
      description: 'answers to try before giving up',
      default: 3,
    },
    record: {
      flags: '--record <cassette>',
      type: 'string',
      description: 'record the answers into a cassette for replay:<cassette>',
    },
    force: { flags: '--force', type: 'boolean', description: 'replace the plan file when it exists' },
  },
  async run({ args, io, options, loadConfig }) {
    const config = await loadConfig();
    const attempts = options.attempts;
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `--attempts must be 1 to 10, got "${options.attempts}".`,
        hint: 'For example: --attempts 3.',
      });
    }
    const providerId = options.provider ?? config.providers.default;
    if (!providerId) {
      throw new BatonError({
        code: 'PROVIDER_UNKNOWN',
        message: 'No model to ask: give --provider or set providers.default in baton.config.ts.',
        hint: 'For example: --provider openai:gpt-5, --provider manual (any chat UI) or --provider replay:<cassette>.',
      });
    }
    const outFile = resolve(io.cwd, options.out);
    if (existsSync(outFile) && !options.force) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `${outFile} exists; decompose will not overwrite a plan.`,
        hint: 'Choose another --out, or pass --force to replace it.',
      });
    }
    const [{ openLedger }, { createProvidersFromConfig }, { decomposeFeature, readBrief }] =
      await Promise.all([
        import('../../ledger/open-ledger.js'),
        import('../../providers/setup.js'),
        import('../../engine/index.js'),
      ]);
    const brief = await readBrief(resolve(io.cwd, String(args[0])));
    const ledger = await openLedger(config.ledger);
    try {
      const { registry } = createProvidersFromConfig(config, {
        ledger,
        env: io.env,
        log: (line) => io.stderr.write(line),
        manual: { output: io.stderr },
      });
      const result = await decomposeFeature({
        brief,
        outFile,
        provider: registry.resolve(providerId, { record: options.record }),
        settings: { plan: config.plan, triage: config.triage },
        maxAttempts: attempts,
        draftsDirectory: join(config.dataDir, 'drafts'),
        onAttempt: (attempt, problems) => {
          if (problems.length > 0)
            io.stderr.write(`attempt ${attempt}: ${problems.length} problem(s); asking again\n`);
        },
      });
      io.stdout.write(
        `Wrote ${result.file}: ${result.components} components, valid after ${result.attempts} ${result.attempts === 1 ? 'attempt' : 'attempts'}.\nNext: baton plan check ${options.out}\n`,
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
