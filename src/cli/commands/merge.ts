import { BatonError } from '../../core/errors.js';
import { systemClock } from '../../core/index.js';
import { defineCommand } from '../command.js';
import { requireRepository } from '../require-repository.js';

export const mergeCommand = defineCommand({
  name: 'merge',
  description:
    'merge the accepted components of a run into the base branch in dependency order, one commit each holding only the accepted attempt, with Baton-Run, Baton-Component and Baton-Attempt trailers',
  arguments: [{ name: 'run', description: 'the run to merge (default: the latest run)' }],
  options: {
    base: {
      flags: '--base <branch>',
      type: 'string',
      description: 'the branch to merge into (default: the checked-out branch)',
    },
    json: { flags: '--json', type: 'boolean', description: 'print what merged and what did not as JSON' },
    override: {
      flags: '--override <reason>',
      type: 'string',
      description:
        "merge even components whose acceptance broke the team's reviewer rules; the reason is recorded",
    },
  },
  async run({ args, options, io, loadConfig }) {
    const config = await loadConfig();
    const repository = requireRepository(config, 'merge');
    const [
      { openLedger },
      { findReviewRun, resolveBaseBranch, mergeAcceptedComponents },
      { formatMergeReport },
    ] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../engine/review/index.js'),
      import('../../report/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const reviewRun = await findReviewRun(ledger, args[0] as string | undefined);
      const { gateMergeDecisions, describeRefusal } = await import('../../team/index.js');
      if (options.override !== undefined && !options.override.trim()) {
        throw new BatonError({
          code: 'USAGE_INVALID',
          message: '--override needs a reason: it is recorded in the ledger beside the decision.',
          hint: 'For example: --override "hotfix; reviewed again after release"',
        });
      }
      const gate = await gateMergeDecisions({
        ledger,
        reviewRun,
        team: config.team,
        root: config.root,
        repository,
        reviewer: config.person,
        override: options.override,
        at: systemClock.now().toISOString(),
      });
      for (const entry of gate.overridden)
        io.stderr.write(`override recorded on ${entry.componentKey}: ${entry.rule}: ${entry.message}\n`);
      if (gate.refused.length > 0) {
        const refusal = describeRefusal(gate.refused, 'merge');
        throw new BatonError({ code: 'REVIEW_RULE_BROKEN', message: refusal.message, hint: refusal.hint });
      }
      const report = await mergeAcceptedComponents({
        ledger,
        repository,
        reviewRun,
        baseBranch: await resolveBaseBranch(repository, options.base),
        person: config.person,
        clock: systemClock,
      });
      io.stdout.write(
        options.json
          ? `${JSON.stringify({ runId: reviewRun.run.id, ...report }, null, 2)}\n`
          : formatMergeReport(report),
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
