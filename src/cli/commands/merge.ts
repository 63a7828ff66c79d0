import { systemClock } from '../../core/clock.js';
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
      import('../../report/review-text.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const reviewRun = await findReviewRun(ledger, args[0] as string | undefined);
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
