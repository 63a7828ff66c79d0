import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BatonError, describeCause } from '../../core/errors.js';
import { openLedger } from '../../ledger/open-ledger.js';
import { defineCommand } from '../command.js';

export const ledgerExportCommand = defineCommand<{ json?: boolean; out?: string }>({
  name: 'ledger export',
  description: 'write the whole ledger as JSON (every table, JSON columns parsed) to stdout or a file',
  options: [
    { flags: '--json', description: 'JSON output (the only format; accepted for explicitness)' },
    { flags: '-o, --out <file>', description: 'write to this file instead of stdout' },
  ],
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    const ledger = await openLedger(config.ledger);
    try {
      const text = `${JSON.stringify(await ledger.exportAll(), null, 2)}\n`;
      if (!options.out) {
        io.stdout.write(text);
        return 0;
      }
      const path = resolve(io.cwd, options.out);
      try {
        writeFileSync(path, text);
      } catch (cause) {
        throw new BatonError({
          code: 'FILE_WRITE_FAILED',
          message: `Could not write the export to ${path}: ${describeCause(cause)}`,
          hint: 'Choose a path in a folder that exists and is writable.',
          cause,
        });
      }
      io.stderr.write(`Exported the ledger to ${path}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
