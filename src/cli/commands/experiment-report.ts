import type { ExperimentSummary } from '../../metrics/index.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

const formatNames = ['text', 'md', 'html', 'json'] as const;

// Renderers load only for the format asked for.
const formats: Record<(typeof formatNames)[number], () => Promise<(summary: ExperimentSummary) => string>> = {
  text: async () => (await import('../../report/index.js')).renderExperimentText,
  md: async () => (await import('../../report/index.js')).renderExperimentMarkdown,
  html: async () => (await import('../../report/index.js')).renderExperimentHtml,
  json: async () => (summary) => `${JSON.stringify(summary, null, 2)}\n`,
};

export const experimentReportCommand = defineCommand({
  name: 'experiment report',
  description: 'an experiment’s measures, intervals, tests and verdict, as text, Markdown, HTML or JSON',
  arguments: [{ name: 'id', description: 'the experiment id', required: true }],
  options: {
    format: {
      flags: '--format <format>',
      type: 'string',
      description: 'text, md, html (one self-contained file with charts) or json',
      default: 'text',
      choices: formatNames,
    },
    out: { flags: '-o, --out <file>', type: 'string', description: 'write to this file instead of stdout' },
  },
  async run({ args, io, options, loadConfig }) {
    const config = await loadConfig();
    const [render, { openLedger }, { buildExperimentSummary }] = await Promise.all([
      formats[options.format](),
      import('../../ledger/open-ledger.js'),
      import('../../metrics/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const summary = await buildExperimentSummary(ledger, String(args[0]));
      const where = writeOutput(io, render(summary), options.out);
      if (where !== 'stdout') io.stderr.write(`Wrote the ${options.format} report to ${where}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});

export const experimentListCommand = defineCommand({
  name: 'experiment list',
  description: 'the experiments in the ledger, newest first',
  options: {
    component: {
      flags: '--component <id>',
      type: 'string',
      description: 'only experiments on this component',
    },
    json: { flags: '--json', type: 'boolean', description: 'print them as JSON' },
  },
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    const [{ openLedger }, { listExperiments }, { formatTable }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../ledger/index.js'),
      import('../../core/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const experiments = await listExperiments(
        ledger,
        options.component ? { componentKey: options.component } : {},
      );
      if (options.json) io.stdout.write(`${JSON.stringify(experiments, null, 2)}\n`);
      else if (experiments.length === 0) io.stdout.write('No experiments in the ledger.\n');
      else
        io.stdout.write(
          `${formatTable(
            ['id', 'component', 'samples per variant', 'status', 'started'],
            experiments.map((experiment) => [
              experiment.id,
              experiment.componentKey,
              String(experiment.samplesPerVariant),
              experiment.status,
              experiment.createdAt,
            ]),
          )}\n`,
        );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
