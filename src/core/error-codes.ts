/**
 * Every stable error code Baton can raise, with the process exit code the CLI uses for it.
 * Codes never change meaning once published; scripts and CI match on them.
 */
export const errorCodes = {
  USAGE_INVALID: { exitCode: 2 },
  CONFIG_NOT_FOUND: { exitCode: 2 },
  CONFIG_INVALID: { exitCode: 2 },
  CONFIG_LOAD_FAILED: { exitCode: 2 },
  NOT_A_GIT_REPOSITORY: { exitCode: 2 },
  LEDGER_URL_INVALID: { exitCode: 2 },
  LEDGER_UNREACHABLE: { exitCode: 3 },
  LEDGER_SCHEMA_TOO_NEW: { exitCode: 3 },
  LEDGER_SCHEMA_OUTDATED: { exitCode: 3 },
  LEDGER_READ_ONLY: { exitCode: 3 },
  LEDGER_MIGRATION_FAILED: { exitCode: 3 },
  LEDGER_WRITE_FAILED: { exitCode: 3 },
  LEDGER_COMPONENT_NOT_FOUND: { exitCode: 2 },
  FILE_WRITE_FAILED: { exitCode: 3 },
  INTERNAL: { exitCode: 70 },
} as const satisfies Record<string, { exitCode: number }>;

export type ErrorCode = keyof typeof errorCodes;

/** Exit codes the CLI documents; see README "Exit codes". */
export const exitCodes = {
  success: 0,
  failure: 1,
  usage: 2,
  environment: 3,
  interrupted: 130,
  internal: 70,
} as const;
