import { BatonError } from '../../core/errors.js';
import { formatTable } from '../../core/index.js';
import { defineCommand } from '../command.js';

export const runsCommand = defineCommand({
  name: 'runs',
  description: 'list the runs in the ledger, or one run’s components and where each stands',
  arguments: [{ name: 'run-id', description: 'a run to show in detail' }],
  options: {
    limit: {
      flags: '--limit <n>',
      type: 'number',
      description: 'how many runs to list, newest first',
      default: 20,
    },
    json: { flags: '--json', type: 'boolean', description: 'print as JSON' },
  },
  async run({ args, io, options, loadConfig }) {
    const config = await loadConfig();
    const [{ openLedger }, { getRunDetail, listRuns }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../ledger/index.js'),
    ]);
    const ledger = await openLedger(config.ledger, { readOnly: true });
    try {
      const runId = typeof args[0] === 'string' ? args[0] : undefined;
      if (runId) {
        const detail = await getRunDetail(ledger, runId);
        if (!detail) {
          throw new BatonError({
            code: 'RUN_NOT_FOUND',
            message: `No run "${runId}" in the ledger at ${ledger.location}.`,
            hint: 'List the runs with `baton runs`.',
          });
        }
        if (options.json) {
          io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
          return 0;
        }
        const { run } = detail;
        const rows = detail.components.map((component) => [
          component.key,
          component.status,
          String(component.attempts.length),
          String(component.attempts.reduce((sum, attempt) => sum + attempt.findings, 0)),
          component.statusReason ?? '',
        ]);
        io.stdout.write(
          `Run ${run.id} (${run.feature}): ${run.status}, started ${run.startedAt}\n\n${formatTable(['component', 'status', 'attempts', 'findings', 'why'], rows)}\n\nFindings: \`baton findings ${run.id}\`.\n`,
        );
        return 0;
      }
      const limit = options.limit;
      if (!Number.isInteger(limit) || limit < 1) {
        throw new BatonError({
          code: 'USAGE_INVALID',
          message: `--limit must be a positive whole number, got "${options.limit}".`,
          hint: 'For example --limit 50.',
        });
      }
      const runs = await listRuns(ledger, { limit });
      if (options.json) {
        io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
        return 0;
      }
      if (runs.length === 0) {
        io.stdout.write('No runs in the ledger yet: start one with `baton run <plan>`.\n');
        return 0;
      }
      const rows = runs.map((run) => [
        run.id,
        run.status,
        `${run.done}/${run.components}`,
        String(run.findings),
        `$${run.costUsd.toFixed(4)}`,
        run.startedAt,
        run.feature,
      ]);
      io.stdout.write(
        `${formatTable(['run', 'status', 'done', 'findings', 'cost', 'started', 'feature'], rows)}\n`,
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
