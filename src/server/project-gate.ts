import { existsSync } from 'node:fs';
import { describeCause, findGitRoot, type ResolvedConfig } from '../core/index.js';
import type { VerifyOptions, VerifyReport } from '../verify/index.js';

/** The gate's options from a project's config, as `baton verify` builds them, plus the caller's own. */
export function gateOptions(config: ResolvedConfig, overrides: Partial<VerifyOptions>): VerifyOptions {
  return {
    root: config.root,
    checks: config.verify.checks,
    tsconfig: config.tsconfig,
    testCommand: config.testCommand,
    testTimeoutMs: config.verify.testTimeoutMs,
    testMemoryMb: config.verify.testMemoryMb,
    registryLookup: config.verify.registryLookup,
    databaseUrl: config.verify.databaseUrl,
    benchmarks: config.verify.benchmarks,
    fuzz: config.verify.fuzz,
    fuzzRuns: config.verify.fuzzRuns,
    fuzzTimeoutMs: config.verify.fuzzTimeoutMs,
    // Only the project's own config may let code run without the sandbox, never an agent's call.
    allowUnsandboxed: config.verify.allowUnsandboxed,
    security: config.verify.security,
    cacheDirectory: config.verify.cacheDir,
    nativeCompiler: config.verify.nativeCompiler,
    ...overrides,
  };
}

/**
 * Keeps a report's findings in the ledger as `baton verify` does. Outside a git repository only a
 * ledger that already exists is written (no stray `.baton/`); a ledger that cannot take them is a
 * notice on the report, not a failure.
 */
export async function recordGateReport(config: ResolvedConfig, report: VerifyReport): Promise<void> {
  if (config.ledger.kind === 'sqlite' && !existsSync(config.ledger.path) && !findGitRoot(config.root)) return;
  const [{ openLedger }, { recordVerifyReport }] = await Promise.all([
    import('../ledger/index.js'),
    import('../verify/index.js'),
  ]);
  try {
    const ledger = await openLedger(config.ledger);
    try {
      await recordVerifyReport(ledger, report);
    } finally {
      await ledger.close();
    }
  } catch (error) {
    report.notices.push(`findings not recorded in the ledger: ${describeCause(error)}`);
  }
}
