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
  VERIFY_PATH_NOT_FOUND: { exitCode: 2 },
  VERIFY_TSCONFIG_NOT_FOUND: { exitCode: 2 },
  VERIFY_UNKNOWN_CHECK: { exitCode: 2 },
  VERIFY_GIT_REVISION_INVALID: { exitCode: 2 },
  PLAN_NOT_FOUND: { exitCode: 2 },
  DECOMPOSE_FAILED: { exitCode: 1 },
  PLAN_INVALID: { exitCode: 1 },
  PLAN_COMPONENT_NOT_FOUND: { exitCode: 2 },
  PROMPT_BUDGET_EXCEEDED: { exitCode: 1 },
  PROVIDER_UNKNOWN: { exitCode: 2 },
  PROVIDER_KEY_MISSING: { exitCode: 2 },
  PROVIDER_AUTH_FAILED: { exitCode: 3 },
  PROVIDER_RATE_LIMITED: { exitCode: 3 },
  PROVIDER_SERVER_ERROR: { exitCode: 3 },
  PROVIDER_UNREACHABLE: { exitCode: 3 },
  PROVIDER_TIMEOUT: { exitCode: 3 },
  PROVIDER_CANCELLED: { exitCode: 130 },
  PROVIDER_REQUEST_REJECTED: { exitCode: 3 },
  PROVIDER_RESPONSE_INVALID: { exitCode: 3 },
  PROVIDER_STREAM_TRUNCATED: { exitCode: 3 },
  PROVIDER_OUTPUT_INVALID: { exitCode: 1 },
  CASSETTE_INVALID: { exitCode: 2 },
  REPLAY_MISS: { exitCode: 1 },
  MANUAL_RESPONSE_EMPTY: { exitCode: 1 },
  EDIT_PATH_OUTSIDE_WORKTREE: { exitCode: 1 },
  EDIT_PATH_INVALID: { exitCode: 1 },
  EDIT_DIFF_DOES_NOT_APPLY: { exitCode: 1 },
  EDIT_SEARCH_NOT_FOUND: { exitCode: 1 },
  WORKTREE_FAILED: { exitCode: 3 },
  SANDBOX_OPTIONS_INVALID: { exitCode: 2 },
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
