import type { CommandDefinition } from '../command.js';
import { askCommand } from './ask.js';
import { auditCommand } from './audit.js';
import { decomposeCommand } from './decompose.js';
import { docsExportCommand } from './docs-export.js';
import { experimentCommand } from './experiment.js';
import { experimentListCommand, experimentReportCommand } from './experiment-report.js';
import { findingsCommand } from './findings.js';
import { gcCommand } from './gc.js';
import { hooksInstallCommand, hooksPrintCommand, hooksRunCommand } from './hooks.js';
import { initCommand } from './init.js';
import { interviewCreateCommand, interviewGradeCommand } from './interview.js';
import { ledgerExportCommand } from './ledger-export.js';
import { ledgerStatusCommand } from './ledger-status.js';
import { logCommand } from './log.js';
import { mcpCommand } from './mcp.js';
import { mergeCommand } from './merge.js';
import { planCheckCommand } from './plan-check.js';
import { planSchemaCommand } from './plan-schema.js';
import { promptCommand } from './prompt.js';
import { promptLintCommand } from './prompt-lint.js';
import { reportCommand } from './report.js';
import { reviewCommand } from './review.js';
import { runCommand } from './run.js';
import { runsCommand } from './runs.js';
import { serveCommand } from './serve.js';
import { teamAddCommand, teamCommand, teamRemoveCommand, teamSetCommand } from './team.js';
import { teamAssignCommand } from './team-assign.js';
import {
  trainAdvanceCommand,
  trainExerciseCommand,
  trainGradeCommand,
  trainStartCommand,
  trainStatusCommand,
} from './train.js';
import { verifyCommand } from './verify.js';
import { workerCommand } from './worker.js';
import { workersCommand } from './workers.js';

/** Every `baton` command, in the order `--help` lists them. */
export const commands: readonly CommandDefinition[] = [
  initCommand,
  ledgerStatusCommand,
  ledgerExportCommand,
  decomposeCommand,
  planCheckCommand,
  planSchemaCommand,
  // `prompt` before `prompt lint`: the command must exist before its subcommand is attached to it.
  promptCommand,
  promptLintCommand,
  logCommand,
  runsCommand,
  findingsCommand,
  reportCommand,
  // `team` before its subcommands, which are attached to it.
  teamCommand,
  teamAddCommand,
  teamSetCommand,
  teamRemoveCommand,
  teamAssignCommand,
  auditCommand,
  serveCommand,
  mcpCommand,
  hooksInstallCommand,
  hooksPrintCommand,
  hooksRunCommand,
  askCommand,
  gcCommand,
  verifyCommand,
  runCommand,
  // `experiment` before its subcommands, as with `prompt`.
  experimentCommand,
  experimentReportCommand,
  experimentListCommand,
  workerCommand,
  workersCommand,
  reviewCommand,
  mergeCommand,
  docsExportCommand,
  interviewCreateCommand,
  interviewGradeCommand,
  trainStartCommand,
  trainExerciseCommand,
  trainGradeCommand,
  trainStatusCommand,
  trainAdvanceCommand,
];

/** Descriptions of command groups, whose words have no command of their own (`baton ledger …`). */
export const commandGroups: Readonly<Record<string, string>> = {
  ledger: 'inspect and export the ledger',
  plan: 'validate and triage plans, and print their JSON Schema',
  docs: 'export the ledger as Markdown next to the code',
  interview: 'generate and grade interview kits for orchestrators',
  train: "the article's four training phases: exercises, grades, status and advancing",
  hooks: 'make agents and git verify before done: install, print and answer hooks',
};
