import { defineCommand } from '../command.js';
import { writeOutput } from '../write-output.js';

export const ledgerExportCommand = defineCommand({
  name: 'ledger export',
  description: 'write the whole ledger as JSON (every table, JSON columns parsed) to stdout or a file',
  options: {
    json: {
      flags: '--json',
      type: 'boolean',
      description: 'JSON output (the only format; accepted for explicitness)',
    },
    out: { flags: '-o, --out <file>', type: 'string', description: 'write to this file instead of stdout' },
  },
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    const { openLedger } = await import('../../ledger/open-ledger.js');
    const ledger = await openLedger(config.ledger);
    try {
      const where = writeOutput(io, `${JSON.stringify(await ledger.exportAll(), null, 2)}\n`, options.out);
      if (where !== 'stdout') io.stderr.write(`Exported the ledger to ${where}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
