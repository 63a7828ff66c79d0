import { BatonError } from '../../core/errors.js';
import type { ResolvedConfig } from '../../core/index.js';
import { systemClock } from '../../core/index.js';
import { type CliIo, defineCommand } from '../command.js';
import { declareOptions, type OptionValues } from '../option-declarations.js';
import { requireRepository } from '../require-repository.js';

function checkFlags(options: OptionValues<typeof reviewOptions>, io: CliIo): void {
  if (options.includeMandatory && !options.yes && !options.acceptClean) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: '--include-mandatory only widens --yes or --accept-clean.',
      hint: 'Add --yes (or --accept-clean) to accept components whose review is mandatory.',
    });
  }
  if (options.rejectAll !== undefined && (options.yes || options.acceptClean)) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: '--reject-all cannot be combined with --yes or --accept-clean.',
      hint: 'Choose one policy per run of `baton review`.',
    });
  }
  if (options.rejectAll !== undefined && !options.rejectAll.trim()) {
    throw new BatonError({
      code: 'REVIEW_REASON_REQUIRED',
      message: '--reject-all needs a reason: the next attempts are prompted with it.',
      hint: 'For example: --reject-all "use the repository\'s db helper, not raw SQL"',
    });
  }
  if (options.patch && options.component?.length !== 1) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: '--patch applies to one component.',
      hint: 'Name it with --component <id>.',
    });
  }
  const policy = options.yes || options.acceptClean || options.rejectAll !== undefined;
  // The prompts read the process's own standard input, so both ends must be a terminal.
  if (!policy && !options.list && !options.patch && !(io.stdout.isTTY && process.stdin.isTTY)) {
    throw new BatonError({
      code: 'REVIEW_NEEDS_TERMINAL',
      message: 'An interactive review needs a terminal, and standard input is not one.',
      hint: 'Run it in a terminal, or decide by policy: --yes, --accept-clean or --reject-all <reason> (see `baton review --help`).',
    });
  }
}

const reviewOptions = declareOptions({
  yes: {
    flags: '--yes',
    type: 'boolean',
    description: 'accept every component awaiting review, except mandatory ones',
  },
  acceptClean: {
    flags: '--accept-clean',
    type: 'boolean',
    description: 'accept only components with zero findings of any severity',
  },
  rejectAll: {
    flags: '--reject-all <reason>',
    type: 'string',
    description: 'reject every component awaiting review, with this reason',
  },
  includeMandatory: {
    flags: '--include-mandatory',
    type: 'boolean',
    description: 'with --yes or --accept-clean, also accept components triage marked orchestrate+verify',
  },
  component: {
    flags: '--component <ids>',
    type: 'list',
    description: 'only these components (comma-separated plan ids); names accepted ones again too',
  },
  patch: {
    flags: '--patch <file>',
    type: 'string',
    description: "apply a unified diff to the component's branch and re-run its checks",
  },
  note: { flags: '--note <text>', type: 'string', description: 'with --patch: what the edit changes' },
  base: {
    flags: '--base <branch>',
    type: 'string',
    description: 'the branch to merge into (default: the checked-out branch)',
  },
  merge: {
    flags: '--no-merge',
    type: 'boolean',
    description: 'do not merge, even when every component is accepted',
  },
  list: { flags: '--list', type: 'boolean', description: 'only list each component and where it stands' },
  override: {
    flags: '--override <reason>',
    type: 'string',
    description: "decide even where the team's reviewer rules refuse this reviewer; the reason is recorded",
  },
});

/** Holds the decisions about to be made to the team's reviewer rules; returns the components allowed. */
async function applyReviewerRules(
  options: OptionValues<typeof reviewOptions>,
  context: {
    ledger: import('../../ledger/index.js').LedgerStore;
    repository: string;
    config: ResolvedConfig;
    reviewRun: import('../../engine/review/index.js').ReviewRun;
    io: CliIo;
    only: readonly string[] | undefined;
  },
): Promise<{ only: readonly string[] | undefined; refused: number }> {
  if (options.override !== undefined && !options.override.trim()) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: '--override needs a reason: it is recorded in the ledger beside the decision.',
      hint: 'For example: --override "only senior on call; Ada reviews it again on Monday"',
    });
  }
  const { gateReviewDecisions, describeRefusal } = await import('../../team/index.js');
  const gate = await gateReviewDecisions({
    ledger: context.ledger,
    reviewRun: context.reviewRun,
    team: context.config.team,
    root: context.config.root,
    repository: context.repository,
    reviewer: context.config.person,
    override: options.override,
    at: systemClock.now().toISOString(),
    only: context.only,
  });
  for (const entry of gate.overridden)
    context.io.stderr.write(`override recorded on ${entry.componentKey}: ${entry.rule}: ${entry.message}\n`);
  if (gate.refused.length === 0) return { only: context.only, refused: 0 };
  const refusal = describeRefusal(gate.refused, 'review');
  if (gate.allowed.length === 0) {
    throw new BatonError({ code: 'REVIEW_RULE_BROKEN', message: refusal.message, hint: refusal.hint });
  }
  context.io.stderr.write(`${refusal.message}\n${refusal.hint}\n`);
  return { only: gate.allowed, refused: gate.refused.length };
}

export const reviewCommand = defineCommand({
  name: 'review',
  description:
    "the human review gate: each finished component's diff with its findings inline; accept, reject, edit or annotate, then merge",
  arguments: [{ name: 'run', description: 'the run to review (default: the latest run)' }],
  options: reviewOptions,
  async run({ args, options, io, loadConfig }) {
    checkFlags(options, io);
    const config = await loadConfig();
    const repository = requireRepository(config, 'review');
    const [{ openLedger }, session, text] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../engine/review/index.js'),
      import('../../report/index.js'),
    ]);
    const { findReviewRun, loadReviewItems, resolveBaseBranch, hasPolicy, createReviewRecheck } = session;
    const ledger = await openLedger(config.ledger);
    try {
      const reviewRun = await findReviewRun(ledger, args[0] as string | undefined);
      const only = options.component;
      const baseBranch = await resolveBaseBranch(repository, options.base);
      io.stdout.write(`Run ${reviewRun.run.id} (${reviewRun.plan.feature}), merging into ${baseBranch}\n`);
      if (options.list) {
        for (const item of await loadReviewItems(ledger, reviewRun))
          io.stdout.write(`${text.formatReviewItemLine(item)}\n`);
        return 0;
      }
      const ruled = await applyReviewerRules(options, {
        ledger,
        repository,
        config,
        reviewRun,
        io,
        only: options.patch ? options.component : only,
      });
      if (options.patch)
        return await reviewWithPatch(options, { ledger, repository, config, reviewRun, baseBranch, io });
      const policy = {
        yes: options.yes,
        acceptClean: options.acceptClean,
        rejectAll: options.rejectAll,
        includeMandatory: options.includeMandatory,
      };
      const prompter = hasPolicy(policy)
        ? undefined
        : await (await import('../review-prompter.js')).createTerminalPrompter(io);
      const result = await session.runReviewSession({
        ledger,
        repository,
        dataDir: config.dataDir,
        reviewRun,
        baseBranch,
        reviewer: config.person,
        clock: systemClock,
        recheck: createReviewRecheck(config, repository),
        policy,
        prompter,
        only: ruled.only,
      });
      for (const decision of result.decisions) {
        io.stdout.write(
          `${decision.decision} ${decision.key}${decision.reason ? `: ${decision.reason}` : ''}\n`,
        );
      }
      for (const skipped of result.skipped)
        io.stdout.write(`left for review ${skipped.key}: ${skipped.reason}\n`);
      if (result.decisions.length === 0 && result.skipped.length === 0)
        io.stdout.write('Nothing awaits review.\n');
      const status = ruled.refused > 0 ? 1 : 0;
      if (result.quit || options.merge === false) return status;

      const items = await loadReviewItems(ledger, reviewRun);
      const waiting = items.filter(
        (item) => item.attempt && item.state !== 'accepted' && item.state !== 'merged',
      );
      if (!items.some((item) => item.state === 'accepted')) return status;
      if (waiting.length > 0) {
        io.stdout.write(
          `Not merging yet: ${waiting.map((item) => `${item.component.key} (${item.state})`).join(', ')}. \`baton merge\` merges the accepted ones now.\n`,
        );
        return status;
      }
      const { gateMergeDecisions, describeRefusal } = await import('../../team/index.js');
      const mergeGate = await gateMergeDecisions({
        ledger,
        reviewRun,
        team: config.team,
        root: config.root,
        repository,
        reviewer: config.person,
        override: options.override,
        at: systemClock.now().toISOString(),
      });
      if (mergeGate.refused.length > 0) {
        const refusal = describeRefusal(mergeGate.refused, 'merge');
        io.stderr.write(`${refusal.message}\n${refusal.hint}\n`);
        return 1;
      }
      const { mergeAcceptedComponents } = await import('../../engine/review/index.js');
      const report = await mergeAcceptedComponents({
        ledger,
        repository,
        reviewRun,
        baseBranch,
        person: config.person,
        clock: systemClock,
      });
      io.stdout.write(text.formatMergeReport(report));
      return 0;
    } finally {
      await ledger.close();
    }
  },
});

async function reviewWithPatch(
  options: OptionValues<typeof reviewOptions>,
  context: {
    ledger: import('../../ledger/index.js').LedgerStore;
    repository: string;
    config: ResolvedConfig;
    reviewRun: import('../../engine/review/index.js').ReviewRun;
    baseBranch: string;
    io: CliIo;
  },
): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const { loadReviewItems, prepareReviewView, editComponent, createReviewRecheck } = await import(
    '../../engine/review/index.js'
  );
  const key = options.component?.[0] ?? '';
  const item = (await loadReviewItems(context.ledger, context.reviewRun)).find(
    (candidate) => candidate.component.key === key,
  );
  if (!item || (item.state !== 'awaiting-review' && item.state !== 'checks-failed')) {
    throw new BatonError({
      code: 'REVIEW_NOT_READY',
      message: item
        ? `${key} is not awaiting review (${item.state}: ${item.stateReason}).`
        : `Run ${context.reviewRun.run.id} has no component "${key}".`,
      hint: 'See where each component stands with `baton review --list`.',
    });
  }
  const patchPath = resolve(context.io.cwd, options.patch ?? '');
  const patch = readFileSync(patchPath, 'utf8');
  const startedAt = systemClock.now().toISOString();
  const view = await prepareReviewView(
    context.repository,
    context.reviewRun.run.id,
    item,
    context.baseBranch,
  );
  const result = await editComponent({
    ledger: context.ledger,
    repository: context.repository,
    dataDir: context.config.dataDir,
    view,
    reviewer: context.config.person,
    note: options.note,
    change: { kind: 'patch', patch },
    recheck: createReviewRecheck(context.config, context.repository),
    startedAt,
    clock: systemClock,
  });
  if (!result.changed) {
    context.io.stdout.write(`The patch changed nothing in ${key}.\n`);
    return 0;
  }
  context.io.stdout.write(
    `edit ${key}: committed ${result.commit.slice(0, 12)}; checks ${result.passed ? 'passed' : 'did not pass'} (${result.findings} finding(s))\n`,
  );
  return result.passed ? 0 : 1;
}
