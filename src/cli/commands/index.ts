import type { CommandDefinition } from '../command.js';
import { initCommand } from './init.js';
import { ledgerExportCommand } from './ledger-export.js';
import { ledgerStatusCommand } from './ledger-status.js';
import { logCommand } from './log.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';

/** Every `baton` command, in the order `--help` lists them. */
export const commands: readonly CommandDefinition<never>[] = [
  initCommand,
  ledgerStatusCommand,
  ledgerExportCommand,
  logCommand,
  reportCommand,
  serveCommand,
];

/** Descriptions of command groups, whose words have no command of their own (`baton ledger …`). */
export const commandGroups: Readonly<Record<string, string>> = {
  ledger: 'inspect and export the ledger',
};
