import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { BatonError, describeCause } from '../../core/errors.js';
import { defineCommand } from '../command.js';

export const docsExportCommand = defineCommand({
  name: 'docs export',
  description:
    "write a run's prompts, models, attempts, findings, checks and review decisions as Markdown next to the code",
  arguments: [{ name: 'run', description: 'the run to export (default: the latest run)' }],
  options: {
    out: {
      flags: '-o, --out <folder>',
      type: 'string',
      description: 'where to write `<feature>/<component>.md` and `<feature>/index.md`',
      default: 'docs/prompts',
    },
  },
  async run({ args, options, io, loadConfig }) {
    const config = await loadConfig();
    const [
      { openLedger },
      { findReviewRun },
      { loadRunHistory },
      { loadCheckResults },
      { renderPromptDocs },
      { listExperiments },
      { buildExperimentSummary },
    ] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../engine/review/index.js'),
      import('../../ledger/index.js'),
      import('../../ledger/index.js'),
      import('../../report/index.js'),
      import('../../ledger/index.js'),
      import('../../metrics/index.js'),
    ]);
    const ledger = await openLedger(config.ledger, { readOnly: true });
    try {
      const { run } = await findReviewRun(ledger, args[0] as string | undefined);
      const history = await loadRunHistory(ledger, run.id);
      if (!history) throw new Error(`run ${run.id} vanished while exporting`);
      // Experiments on the run's components from the same plan file, linked from each component's page.
      const keys = new Set(history.components.map((component) => component.component.key));
      const experiments = (await listExperiments(ledger)).filter(
        (experiment) =>
          keys.has(experiment.componentKey) &&
          (history.plan.sourcePath === null || history.plan.sourcePath === experiment.planFile),
      );
      const summaries = await Promise.all(
        experiments.reverse().map((experiment) => buildExperimentSummary(ledger, experiment.id)),
      );
      const files = renderPromptDocs(history, await loadCheckResults(ledger, run.id), summaries);
      const out = resolve(io.cwd, options.out);
      for (const file of files) {
        const path = join(out, file.path);
        try {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.content);
        } catch (cause) {
          throw new BatonError({
            code: 'FILE_WRITE_FAILED',
            message: `Could not write ${path}: ${describeCause(cause)}`,
            hint: 'Choose an --out folder Baton can write to.',
            cause,
          });
        }
      }
      io.stdout.write(
        `Wrote ${files.length} file(s) for run ${run.id} to ${relative(io.cwd, out) || '.'}:\n${files.map((file) => `  ${file.path}\n`).join('')}`,
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
