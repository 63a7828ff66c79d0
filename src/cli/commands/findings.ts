import { BatonError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

export const findingsCommand = defineCommand({
  name: 'findings',
  description:
    'list the findings the ledger holds for a run (default: the newest run), or those of `baton verify` outside runs',
  arguments: [{ name: 'run-id', description: 'the run; `verify` for findings recorded outside any run' }],
  options: {
    component: { flags: '--component <id>', type: 'string', description: 'only this component’s findings' },
    json: { flags: '--json', type: 'boolean', description: 'print as JSON' },
  },
  async run({ args, io, options, loadConfig }) {
    const config = await loadConfig();
    const [{ openLedger }, { listFindings }, { listRuns }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../ledger/index.js'),
      import('../../ledger/index.js'),
    ]);
    const ledger = await openLedger(config.ledger, { readOnly: true });
    try {
      const asked = typeof args[0] === 'string' ? args[0] : undefined;
      const runId = asked === 'verify' ? undefined : (asked ?? (await listRuns(ledger, { limit: 1 }))[0]?.id);
      if (asked && asked !== 'verify' && (await listRuns(ledger, { runId: asked })).length === 0) {
        throw new BatonError({
          code: 'RUN_NOT_FOUND',
          message: `No run "${asked}" in the ledger at ${ledger.location}.`,
          hint: 'List the runs with `baton runs`.',
        });
      }
      const findings = (await listFindings(ledger, { runId })).filter(
        (finding) => !options.component || finding.componentKey === options.component,
      );
      if (options.json) {
        io.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
        return 0;
      }
      const where = runId ? `run ${runId}` : '`baton verify` outside runs';
      if (findings.length === 0) {
        io.stdout.write(`No findings recorded for ${where}.\n`);
        return 0;
      }
      const lines = findings.map((finding) => {
        const location =
          finding.file && finding.file !== '.'
            ? `${finding.file}${finding.line ? `:${finding.line}` : ''}`
            : '(project)';
        const component = finding.componentKey ? `[${finding.componentKey} #${finding.attemptNumber}] ` : '';
        return `${component}${location}  ${finding.severity}  ${finding.ruleId}  ${finding.message}`;
      });
      io.stdout.write(`Findings of ${where}:\n${lines.join('\n')}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
