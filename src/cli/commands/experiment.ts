import { BatonError } from '../../core/errors.js';
import { createId, exitCodes } from '../../core/index.js';
import { type CliIo, defineCommand } from '../command.js';
import { sandboxFlagOptions, sandboxFlagSettings } from '../sandbox-flags.js';

function wholeNumber(flag: string, value: number | undefined, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < minimum) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `${flag} must be a whole number of at least ${minimum}, got "${value}".`,
      hint:
        flag === '--samples'
          ? 'An experiment with no samples measures nothing: for example --samples 20 (docs/experiments.md says how many tell what apart).'
          : `For example ${flag} 3.`,
    });
  }
  return value;
}

function positiveUsd(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0)) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `--budget-usd must be a positive number of US dollars, got "${value}".`,
      hint: 'For example --budget-usd 5.',
    });
  }
  return value;
}

/** Ctrl-C once stops after the sample in flight is cut short, leaving the experiment resumable. */
function interruptOnSigint(io: CliIo, controller: AbortController): () => void {
  let count = 0;
  const onSigint = () => {
    count += 1;
    if (count === 1) {
      io.stderr.write('\nStopping: no new sample starts; the one in flight continues on the next run.\n');
      controller.abort();
    } else process.exit(exitCodes.interrupted);
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

export const experimentCommand = defineCommand({
  name: 'experiment',
  activity: 'prompting',
  description:
    'compare variants of one component’s prompt: samples through the gate, interleaved, with statistics',
  arguments: [
    { name: 'plan', description: 'the plan file (not needed to continue with --id)' },
    { name: 'component', description: 'the id of the component whose prompt varies' },
  ],
  options: {
    variants: { flags: '--variants <file>', type: 'string', description: 'the variants file (YAML)' },
    samples: { flags: '--samples <n>', type: 'number', description: 'samples per variant' },
    provider: {
      flags: '--provider <id>',
      type: 'string',
      description: 'provider of variants that name none (default: providers.default)',
    },
    maxAttempts: {
      flags: '--max-attempts <n>',
      type: 'number',
      description: 'attempts per sample before it counts as escalated (default: run.maxAttempts, 3)',
    },
    budgetUsd: {
      flags: '--budget-usd <usd>',
      type: 'number',
      description: 'start no new provider call once the experiment has cost this much',
    },
    budgetTokens: {
      flags: '--budget-tokens <n>',
      type: 'number',
      description: 'start no new provider call once the experiment has used this many tokens',
    },
    id: {
      flags: '--id <id>',
      type: 'string',
      description: 'name a new experiment, or continue the one with this id',
    },
    json: { flags: '--json', type: 'boolean', description: 'print the result as JSON' },
    ...sandboxFlagOptions,
  },
  async run({ args, options, io, loadConfig }) {
    const samples = wholeNumber('--samples', options.samples, 1);
    const maxAttempts = wholeNumber('--max-attempts', options.maxAttempts, 1);
    const budgetUsd = positiveUsd(options.budgetUsd);
    const budgetTokens = wholeNumber('--budget-tokens', options.budgetTokens, 1);
    const planFile = typeof args[0] === 'string' ? args[0] : undefined;
    const componentId = typeof args[1] === 'string' ? args[1] : undefined;
    if (!options.id && (!planFile || !componentId || !options.variants || samples === undefined)) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message:
          'An experiment needs a plan, a component, --variants and --samples (or --id to continue one).',
        hint: 'Example: baton experiment plan.yaml schema --variants variants.yaml --samples 20',
      });
    }
    const loaded = await loadConfig();
    const config = { ...loaded, verify: { ...loaded.verify, ...sandboxFlagSettings(options) } };
    const [{ openLedger }, { acquireRunLock }, { createProvidersFromConfig }, { runExperiment }] =
      await Promise.all([
        import('../../ledger/open-ledger.js'),
        import('../../ledger/index.js'),
        import('../../providers/setup.js'),
        import('../../engine/index.js'),
      ]);
    const ledger = await openLedger(config.ledger);
    const controller = new AbortController();
    let stopListening = () => {};
    const id = options.id ?? createId('exp');
    const lock = await acquireRunLock(ledger, { resource: `experiment:${id}` });
    try {
      if (!lock.acquired) {
        throw new BatonError({
          code: 'RUN_LOCKED',
          message: `Experiment ${id} is being run by process ${lock.holder.pid} on ${lock.holder.host}, since ${lock.holder.startedAt}.`,
          hint: 'Wait for it to end, or stop that process and run the same command again to continue.',
        });
      }
      const providerId = options.provider ?? config.providers.default;
      // Continuing an experiment keeps the provider it started with.
      if (!providerId && !options.id) {
        throw new BatonError({
          code: 'PROVIDER_UNKNOWN',
          message: 'No provider: pass --provider or set providers.default in baton.config.',
          hint: 'For example --provider openai:gpt-5; a variant can name its own with `provider:`.',
        });
      }
      const { registry, redactor } = createProvidersFromConfig(config, {
        ledger,
        env: io.env,
        log: (line) => io.stderr.write(line),
        manual: { output: io.stderr },
      });
      stopListening = interruptOnSigint(io, controller);
      const result = await runExperiment({
        config,
        ledger,
        resolveProvider: (provider) => registry.resolve(provider),
        providerId: providerId ?? '',
        secrets: redactor,
        ...(planFile ? { planFile } : {}),
        ...(componentId ? { componentId } : {}),
        ...(options.variants ? { variantsFile: options.variants } : {}),
        samples,
        id,
        cwd: io.cwd,
        maxAttempts: maxAttempts ?? (options.id ? undefined : config.run.maxAttempts),
        budgetUsd,
        budgetTokens,
        prices: config.providers.prices,
        signal: controller.signal,
        onSample: (sample) =>
          io.stderr.write(
            `[${sample.sequence}/${sample.total}] ${sample.variant} sample ${sample.number}: ${sample.status}${sample.runId ? ` (${sample.runId})` : ''}\n`,
          ),
      });
      if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout.write(`${result.message}\n`);
      if (result.status === 'finished') return exitCodes.success;
      if (result.status === 'cancelled' && controller.signal.aborted) return exitCodes.interrupted;
      return exitCodes.failure;
    } finally {
      stopListening();
      if (lock.acquired) await lock.release();
      await ledger.close();
    }
  },
});
