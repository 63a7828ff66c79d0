import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseSince, systemClock } from '../../core/index.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

const formats = ['text', 'json', 'sarif'] as const;
const failLevels = ['none', 'note', 'warning', 'error'] as const;

export const auditCommand = defineCommand({
  name: 'audit',
  description:
    "the article's common mistakes, from the ledger: trusting AI completely, poor prompting, skipping verification, orchestrating everything, not documenting prompts",
  options: {
    run: { flags: '--run <id>', type: 'string', description: 'only this run' },
    since: {
      flags: '--since <when>',
      type: 'string',
      description: 'only since a date (2026-11-01) or a span back from now (7d, 12h)',
    },
    format: {
      flags: '--format <format>',
      type: 'string',
      description: 'text, json, or sarif (SARIF 2.1.0 for CI)',
      default: 'text',
      choices: formats,
    },
    failOn: {
      flags: '--fail-on <severity>',
      type: 'string',
      description: 'exit 1 when a finding reaches this severity: note, warning, error or none',
      default: 'none',
      choices: failLevels,
    },
    docs: {
      flags: '--docs <folder>',
      type: 'string',
      description: 'where `baton docs export` writes prompts, to tell documented components',
      default: 'docs/prompts',
    },
    out: { flags: '-o, --out <file>', type: 'string', description: 'write to this file instead of stdout' },
  },
  async run({ io, options, loadConfig }) {
    const now = systemClock.now();
    const config = await loadConfig();
    const [{ openLedger }, { auditLedger, auditFails, planLintScores }, text, { featureSlug }] =
      await Promise.all([
        import('../../ledger/open-ledger.js'),
        import('../../team/index.js'),
        import('../../report/audit-text.js'),
        import('../../report/index.js'),
      ]);
    const ledger = await openLedger(config.ledger);
    try {
      const report = await auditLedger({
        ledger,
        runId: options.run,
        since: options.since ? parseSince(options.since, now) : undefined,
        now,
        configuredChecks: config.verify.checks,
        isDocumented: (feature, key) =>
          existsSync(join(config.root, options.docs, featureSlug(feature), `${key}.md`)),
        lintScores: (planPath) => planLintScores(config.root, planPath),
      });
      const output =
        options.format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : options.format === 'sarif'
            ? text.renderAuditSarif(report)
            : text.renderAuditText(report);
      const where = writeOutput(io, output, options.out);
      if (where !== 'stdout') io.stderr.write(`Wrote the audit to ${where}\n`);
      return auditFails(report, options.failOn) ? 1 : 0;
    } finally {
      await ledger.close();
    }
  },
});
