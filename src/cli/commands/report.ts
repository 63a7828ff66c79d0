import { parseSince, systemClock } from '../../core/index.js';
import type { MetricsReport } from '../../metrics/index.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

const formatNames = ['text', 'md', 'html', 'json'] as const;

// Renderers load only for the format asked for.
const formats: Record<(typeof formatNames)[number], () => Promise<(report: MetricsReport) => string>> = {
  text: async () => (await import('../../report/index.js')).renderMetricsText,
  md: async () => (await import('../../report/index.js')).renderMetricsMarkdown,
  html: async () => (await import('../../report/index.js')).renderMetricsHtml,
  json: async () => (report) => `${JSON.stringify(report, null, 2)}\n`,
};

export const reportCommand = defineCommand({
  name: 'report',
  description:
    'time allocation, productivity, quality and cost from the ledger, as text, Markdown, HTML or JSON',
  options: {
    feature: {
      flags: '--feature <name>',
      type: 'string',
      description: 'only this feature (the plan’s `feature`)',
    },
    since: {
      flags: '--since <when>',
      type: 'string',
      description: 'only since a date (2026-11-01) or a span back from now (7d, 12h)',
    },
    format: {
      flags: '--format <format>',
      type: 'string',
      description: 'text, md, html (one self-contained file with charts) or json',
      default: 'text',
      choices: formatNames,
    },
    out: { flags: '-o, --out <file>', type: 'string', description: 'write to this file instead of stdout' },
  },
  async run({ io, options, loadConfig }) {
    const loadRenderer = formats[options.format];
    const now = systemClock.now();
    const filter = {
      ...(options.feature ? { feature: options.feature } : {}),
      ...(options.since ? { since: parseSince(options.since, now) } : {}),
    };
    const config = await loadConfig();
    const [render, { openLedger }, { buildMetricsReport }] = await Promise.all([
      loadRenderer(),
      import('../../ledger/open-ledger.js'),
      import('../../metrics/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      const report = await buildMetricsReport(ledger, filter, now, config.metrics);
      const where = writeOutput(io, render(report), options.out);
      if (where !== 'stdout') io.stderr.write(`Wrote the ${options.format} report to ${where}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
