import type { ResolvedConfig } from '../../core/config/schema.js';
import { exitCodes } from '../../core/error-codes.js';
import { BatonError, describeCause } from '../../core/errors.js';
import { createEventBus } from '../../core/events.js';
import { type CliIo, defineCommand } from '../command.js';
import { createJsonLinesProgress } from '../progress/json-lines.js';
import { createLiveProgress } from '../progress/live-progress.js';
import { createPlainProgress } from '../progress/plain-progress.js';
import { sandboxFlagOptions, sandboxFlagSettings } from '../sandbox-flags.js';

function positiveInteger(flag: string, number: number | undefined): number | undefined {
  if (number === undefined) return undefined;
  if (!Number.isInteger(number) || number < 1) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `${flag} must be a whole number of at least 1, got "${number}".`,
      hint: `For example ${flag} 2.`,
    });
  }
  return number;
}

function positiveNumber(flag: string, number: number | undefined): number | undefined {
  if (number === undefined) return undefined;
  if (number <= 0) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `${flag} must be a positive number of US dollars, got "${number}".`,
      hint: `For example ${flag} 5.`,
    });
  }
  return number;
}

/** Ctrl-C once stops the run and leaves it resumable; twice exits at once. */
function interruptOnSigint(io: CliIo, controller: AbortController): () => void {
  let count = 0;
  const onSigint = () => {
    count += 1;
    if (count === 1) {
      io.stderr.write(
        '\nStopping: no new work starts; calls in flight are cancelled (Ctrl-C again to quit now).\n',
      );
      controller.abort();
    } else process.exit(exitCodes.interrupted);
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

/** The provider a run was started with, as its options record it. */
async function recordedProvider(
  ledger: import('../../ledger/ledger-store.js').LedgerStore,
  runId: string,
): Promise<string | undefined> {
  const { findRun } = await import('../../ledger/queries/run-records.js');
  const run = await findRun(ledger, runId);
  if (!run) return undefined;
  const { providerId } = JSON.parse(run.options) as { providerId?: unknown };
  return typeof providerId === 'string' && providerId !== '' ? providerId : undefined;
}

/** A distributed run's queue settings, refused without a shared ledger before anything starts. */
async function checkRunQueue(url: string, config: ResolvedConfig) {
  const queueModule = await import('../../queue/index.js');
  const location = queueModule.parseQueueUrl(url);
  queueModule.requireSharedLedger(config.ledger, url);
  return { location, queueModule };
}

/** The queue of a distributed run, checked reachable before the run starts. */
async function openRunQueue(
  checked: Awaited<ReturnType<typeof checkRunQueue>>,
  config: ResolvedConfig,
  ledger: import('../../ledger/ledger-store.js').LedgerStore,
  events: import('../../core/events.js').EventBus,
  signal: AbortSignal,
) {
  const { createRunQueue, batonVersion } = checked.queueModule;
  const queue = createRunQueue({
    location: checked.location,
    ledger,
    root: config.root,
    remote: config.run.remote,
    version: batonVersion(),
    events,
    signal,
  });
  await queue.ready();
  return queue;
}

/** `baton run --follow`: a run's progress read from the ledger, live until it ends. */
async function followRunProgress(runId: string, config: ResolvedConfig, io: CliIo, json: boolean) {
  const [{ openLedger }, { findRun }, { followRun }] = await Promise.all([
    import('../../ledger/open-ledger.js'),
    import('../../ledger/queries/run-records.js'),
    import('../../queue/index.js'),
  ]);
  const ledger = await openLedger(config.ledger);
  const controller = new AbortController();
  // Ctrl-C stops following only; the run goes on wherever it runs.
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const run = await findRun(ledger, runId);
    if (!run) {
      throw new BatonError({
        code: 'RUN_NOT_FOUND',
        message: `No run "${runId}" in the ledger at ${ledger.location}.`,
        hint: 'List runs with `baton runs`; a run on workers needs the same BATON_LEDGER_URL here.',
      });
    }
    const { maxAttempts } = JSON.parse(run.options) as { maxAttempts?: number };
    const events = createEventBus();
    events.subscribe(
      json ? createJsonLinesProgress(io.stdout) : createPlainProgress(io.stdout, { maxAttempts }),
    );
    const status = await followRun({ ledger, runId, events, signal: controller.signal });
    if (controller.signal.aborted) return exitCodes.interrupted;
    if (!json) io.stdout.write(`Run ${runId} ended ${status}.\n`);
    return status === 'succeeded' ? exitCodes.success : exitCodes.failure;
  } finally {
    process.off('SIGINT', onSigint);
    await ledger.close();
  }
}

export const runCommand = defineCommand({
  name: 'run',
  description:
    'run a plan: each component prompted, its edits applied in a worktree and verified, repaired, recorded',
  arguments: [{ name: 'plan', description: 'the plan file (not needed with --resume or --mark-done)' }],
  options: {
    provider: {
      flags: '--provider <id>',
      type: 'string',
      description:
        "provider id, such as openai:gpt-5 (default: on --resume the run's own, else providers.default)",
    },
    concurrency: {
      flags: '--concurrency <n>',
      type: 'number',
      description: 'components worked on at once (default: run.concurrency, 2)',
    },
    maxAttempts: {
      flags: '--max-attempts <n>',
      type: 'number',
      description: 'attempts per component before escalation (default: run.maxAttempts, 3)',
    },
    resume: {
      flags: '--resume [run-id]',
      type: 'string',
      description: 'continue a run (the newest unfinished one when no id is given)',
    },
    budgetUsd: {
      flags: '--budget-usd <usd>',
      type: 'number',
      description:
        'start no new provider call once the run has cost this much (the provider needs a price in providers.prices)',
    },
    budgetTokens: {
      flags: '--budget-tokens <n>',
      type: 'number',
      description: 'start no new provider call once the run has used this many tokens, in and out',
    },
    json: { flags: '--json', type: 'boolean', description: 'print every event as a JSON line on stdout' },
    record: {
      flags: '--record <cassette>',
      type: 'string',
      description:
        'record every answer into a cassette, so that replay:<cassette> runs the plan again offline',
    },
    markDone: {
      flags: '--mark-done <component>',
      type: 'string',
      description: 'verify a write-directly component a person wrote, and mark it done if it passes',
    },
    run: {
      flags: '--run <run-id>',
      type: 'string',
      description: 'the run --mark-done applies to (default: the newest one)',
    },
    queue: {
      flags: '--queue <url>',
      type: 'string',
      description:
        'hand components to `baton worker` processes through this queue: redis://host:6379 or postgres://… (default: run.queue)',
    },
    follow: {
      flags: '--follow <run-id>',
      type: 'string',
      description:
        "show a run's progress from the ledger, whichever machines and workers run it, until it ends; exits with its status",
    },
    ...sandboxFlagOptions,
  },
  async run({ args, options, io, loadConfig }) {
    const loaded = await loadConfig();
    if (options.follow !== undefined)
      return followRunProgress(options.follow, loaded, io, options.json === true);
    const config = { ...loaded, verify: { ...loaded.verify, ...sandboxFlagSettings(options) } };
    const concurrency = positiveInteger('--concurrency', options.concurrency);
    const maxAttempts = positiveInteger('--max-attempts', options.maxAttempts);
    const budgetUsd = positiveNumber('--budget-usd', options.budgetUsd);
    const budgetTokens = positiveInteger('--budget-tokens', options.budgetTokens);
    const planFile = typeof args[0] === 'string' ? args[0] : undefined;
    const resume =
      options.resume === true ? true : typeof options.resume === 'string' ? options.resume : undefined;
    if (!planFile && resume === undefined && !options.markDone) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: 'Give a plan to run, --resume to continue a run, or --mark-done <component>.',
        hint: 'Example: baton run plan.yaml --provider openai:gpt-5',
      });
    }
    const queueUrl = options.markDone ? undefined : (options.queue ?? config.run.queue);
    const queueCheck = queueUrl ? await checkRunQueue(queueUrl, config) : undefined;
    const [{ openLedger }, { lockRun }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../run-lock.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    const controller = new AbortController();
    let stopListening = () => {};
    let held: Awaited<ReturnType<typeof lockRun>> | undefined;
    let attached: Promise<void> = Promise.resolve();
    try {
      if (!options.markDone) {
        held = await lockRun(ledger, {
          planFile,
          resume,
          root: config.root,
          cwd: io.cwd,
          onLost: () => {
            io.stderr.write(
              'This process lost its run lock: its lease ran out and another process took the run over. Stopping.\n',
            );
            controller.abort();
          },
        });
      }
      stopListening = interruptOnSigint(io, controller);
      if (options.markDone) {
        const { markComponentDone } = await import('../../engine/index.js');
        const result = await markComponentDone({
          config,
          ledger,
          componentId: options.markDone,
          runId: options.run,
          signal: controller.signal,
        });
        if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          for (const finding of result.findings)
            io.stdout.write(`${finding.file}:${finding.line} ${finding.ruleId}: ${finding.message}\n`);
          io.stdout.write(
            result.done
              ? `"${options.markDone}" is done: ${result.evidence.checks.map((check) => check.checkId).join(', ')} passed (commit ${result.evidence.commitSha?.slice(0, 12)}). Continue with \`baton run --resume ${result.runId}\`.\n`
              : `"${options.markDone}" is not done: ${result.evidence.blockingFindings} blocking finding(s). Fix them and mark it done again.\n`,
          );
        }
        return result.done ? exitCodes.success : exitCodes.failure;
      }

      const resumedRun = typeof held?.resume === 'string' ? held.resume : undefined;
      const recorded =
        options.provider === undefined && resumedRun ? await recordedProvider(ledger, resumedRun) : undefined;
      // A resume carries on with the model that started the run (workers refuse any other) unless told otherwise.
      const providerId = options.provider ?? recorded ?? config.providers.default;
      if (recorded) io.stderr.write(`Resuming run ${resumedRun} with its recorded provider ${recorded}.\n`);
      if (!providerId) {
        throw new BatonError({
          code: 'PROVIDER_UNKNOWN',
          message: 'No provider: pass --provider or set providers.default in baton.config.',
          hint: 'For example --provider openai:gpt-5, --provider compatible:vllm or --provider replay:demo.',
        });
      }
      const [{ createProvidersFromConfig }, { runPlan }] = await Promise.all([
        import('../../providers/setup.js'),
        import('../../engine/index.js'),
      ]);
      const { registry, redactor } = createProvidersFromConfig(config, {
        ledger,
        env: io.env,
        log: (line) => io.stderr.write(line),
        manual: { output: io.stderr },
      });
      const provider = registry.resolve(providerId, { record: options.record });
      const events = createEventBus();
      const queue = queueCheck
        ? await openRunQueue(queueCheck, config, ledger, events, controller.signal)
        : undefined;
      let closeLive: (() => void) | undefined;
      if (options.json) events.subscribe(createJsonLinesProgress(io.stdout));
      const result = await runPlan({
        config,
        ledger,
        provider,
        secrets: redactor,
        planFile,
        resume: held?.resume ?? resume,
        cwd: io.cwd,
        concurrency: concurrency ?? (resume === undefined ? config.run.concurrency : undefined),
        maxAttempts: maxAttempts ?? (resume === undefined ? config.run.maxAttempts : undefined),
        budgetUsd: budgetUsd ?? (resume === undefined ? config.run.budgetUsd : undefined),
        budgetTokens: budgetTokens ?? (resume === undefined ? config.run.budgetTokens : undefined),
        prices: config.providers.prices,
        signal: controller.signal,
        events,
        ...(queue ? { queue } : {}),
        onStart: (run) => {
          queue?.bindRun(run.runId);
          attached = held?.onRunStarted(run.runId) ?? attached;
          if (options.json) return;
          // Progress goes to stderr, so stdout stays free for the summary.
          if (io.stderr.isTTY) {
            const live = createLiveProgress(io.stderr, {
              componentIds: run.componentIds,
              maxAttempts: run.maxAttempts,
              columns: process.stderr.columns,
            });
            closeLive = live.close;
            events.subscribe(live);
          } else events.subscribe(createPlainProgress(io.stderr, { maxAttempts: run.maxAttempts }));
        },
      });
      closeLive?.();
      await queue?.fetchBranches(result.runId).catch((error: unknown) => {
        io.stderr.write(`The attempt branches stay on the remote: ${describeCause(error)}\n`);
      });
      if (!options.json) {
        io.stdout.write(`${result.message}\n`);
        if (result.unpricedCalls > 0) {
          const known = result.costUsd > 0 ? `$${result.costUsd.toFixed(4)} + unknown` : 'unknown';
          io.stdout.write(
            `Cost recorded: ${known} (${result.unpricedCalls} call(s) had no price in providers.prices)\n`,
          );
        } else if (result.costUsd > 0) io.stdout.write(`Cost recorded: $${result.costUsd.toFixed(4)}\n`);
      }
      if (result.status === 'succeeded') return exitCodes.success;
      if (result.status === 'cancelled' && controller.signal.aborted) return exitCodes.interrupted;
      return exitCodes.failure;
    } finally {
      stopListening();
      await attached.catch(() => {});
      await held?.release();
      await ledger.close();
    }
  },
});
