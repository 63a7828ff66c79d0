import { existsSync } from 'node:fs';
import { BatonError } from '../../core/errors.js';
import type { LedgerLocation } from '../../core/index.js';
import { findGitRoot } from '../../core/index.js';
import { defineCommand } from '../command.js';

/** What resumes, reviews and merges still need, from the ledger; nothing when there is no ledger yet. */
async function branchesTheLedgerNeeds(location: LedgerLocation) {
  if (location.kind === 'sqlite' && !existsSync(location.path)) return new Map();
  const [{ openLedger }, { branchesToKeep }] = await Promise.all([
    import('../../ledger/open-ledger.js'),
    import('../../engine/index.js'),
  ]);
  const ledger = await openLedger(location);
  try {
    return await branchesToKeep(ledger);
  } finally {
    await ledger.close();
  }
}

export const gcCommand = defineCommand({
  name: 'gc',
  description:
    'remove worktrees and baton/* branches left behind by crashed runs, keeping what a resume, review or merge needs',
  options: {
    dryRun: { flags: '--dry-run', type: 'boolean', description: 'only list what would be removed' },
    all: {
      flags: '--all',
      type: 'boolean',
      description: 'remove everything, runs still running and branches still needed included',
    },
    json: { flags: '--json', type: 'boolean', description: 'print as JSON' },
  },
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    const repository = findGitRoot(config.root);
    if (!repository) {
      throw new BatonError({
        code: 'NOT_A_GIT_REPOSITORY',
        message: `${config.root} is not inside a git repository, so it has no worktrees to clean.`,
        hint: 'Run `baton gc` from the project’s repository.',
      });
    }
    const { collectGarbage } = await import('../../workspace/gc.js');
    const kept = options.all ? new Map() : await branchesTheLedgerNeeds(config.ledger);
    const report = await collectGarbage({
      repository,
      dataDir: config.dataDir,
      dryRun: options.dryRun,
      all: options.all,
      keep: (branch) => kept.get(branch),
    });
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ dryRun: Boolean(options.dryRun), ...report }, null, 2)}\n`);
      return 0;
    }
    const verb = options.dryRun ? 'Would remove' : 'Removed';
    const lines: string[] = [];
    for (const path of report.removedWorktrees) lines.push(`${verb} worktree ${path}`);
    for (const branch of report.removedBranches) lines.push(`${verb} branch ${branch}`);
    for (const { branch, reason } of report.keptBranches) lines.push(`Kept branch ${branch}: ${reason}`);
    for (const runId of report.liveRuns)
      lines.push(`Kept run ${runId}: its process is still running (use --all to remove it too)`);
    if (report.removedWorktrees.length === 0 && report.removedBranches.length === 0)
      lines.push('Nothing to remove.');
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});
