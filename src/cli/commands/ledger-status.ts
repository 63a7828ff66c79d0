import { formatTable } from '../../core/index.js';
import { ledgerTableNames } from '../../ledger/index.js';
import { defineCommand } from '../command.js';

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export const ledgerStatusCommand = defineCommand({
  name: 'ledger status',
  description: 'show where the ledger is, its schema version and the rows in each table',
  options: {
    json: { flags: '--json', type: 'boolean', description: 'print as JSON' },
  },
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    const { openLedger } = await import('../../ledger/open-ledger.js');
    const ledger = await openLedger(config.ledger);
    try {
      const counts = await ledger.counts();
      if (options.json) {
        io.stdout.write(
          `${JSON.stringify({ dialect: ledger.dialect, location: ledger.location, schemaVersion: ledger.schemaVersion, counts }, null, 2)}\n`,
        );
        return 0;
      }
      // Tables are shown by their SQL names, the ones a person queries.
      const rows = ledgerTableNames.map((table) => [snakeCase(table), String(counts[table])]);
      io.stdout.write(
        `Ledger: ${ledger.location} (${ledger.dialect}, schema version ${ledger.schemaVersion})\n\n${formatTable(['table', 'rows'], rows)}\n`,
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
