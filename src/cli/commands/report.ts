import { systemClock } from '../../core/clock.js';
import { parseSince } from '../../core/durations.js';
import { BatonError } from '../../core/errors.js';
import { openLedger } from '../../ledger/open-ledger.js';
import { buildMetricsReport } from '../../metrics/metrics-report.js';
import { renderMetricsHtml } from '../../report/metrics-html.js';
import { renderMetricsMarkdown } from '../../report/metrics-markdown.js';
import { renderMetricsText } from '../../report/metrics-text.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

const formats = {
  text: renderMetricsText,
  md: renderMetricsMarkdown,
  html: renderMetricsHtml,
  json: (report: unknown) => `${JSON.stringify(report, null, 2)}\n`,
} as const;

export const reportCommand = defineCommand<{
  feature?: string;
  since?: string;
  format: string;
  out?: string;
}>({
  name: 'report',
  description:
    'time allocation, productivity, quality and cost from the ledger, as text, Markdown, HTML or JSON',
  options: [
    { flags: '--feature <name>', description: 'only this feature (the plan’s `feature`)' },
    {
      flags: '--since <when>',
      description: 'only since a date (2026-11-01) or a span back from now (7d, 12h)',
    },
    {
      flags: '--format <format>',
      description: 'text, md, html (one self-contained file with charts) or json',
      defaultValue: 'text',
    },
    { flags: '-o, --out <file>', description: 'write to this file instead of stdout' },
  ],
  async run({ io, options, loadConfig }) {
    const render = formats[options.format as keyof typeof formats];
    if (!render) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `Unknown report format "${options.format}".`,
        hint: `Use one of: ${Object.keys(formats).join(', ')}.`,
      });
    }
    const now = systemClock.now();
    const filter = {
      ...(options.feature ? { feature: options.feature } : {}),
      ...(options.since ? { since: parseSince(options.since, now) } : {}),
    };
    const config = await loadConfig();
    const ledger = await openLedger(config.ledger);
    try {
      const report = await buildMetricsReport(ledger, filter, now);
      const where = writeOutput(io, render(report), options.out);
      if (where !== 'stdout') io.stderr.write(`Wrote the ${options.format} report to ${where}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
