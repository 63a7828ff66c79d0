import { relative } from 'node:path';
import type { ResolvedConfig } from '../../core/index.js';
import type { Recheck } from './edit-component.js';

/** The checks after a reviewer's edit: those the run required of the component, on its worktree. */
export function createReviewRecheck(config: ResolvedConfig, repository: string): Recheck {
  return async (worktree, item) => {
    const { verify, reachesThreshold } = await import('../../verify/index.js');
    const inWorktree = (path: string | undefined) =>
      path ? `${worktree}/${relative(repository, path)}` : undefined;
    const report = await verify({
      root: worktree,
      checks: item.requiredChecks ?? config.verify.checks,
      tsconfig: inWorktree(config.tsconfig),
      testCommand: config.testCommand,
      testTimeoutMs: config.verify.testTimeoutMs,
      testMemoryMb: config.verify.testMemoryMb,
      registryLookup: config.verify.registryLookup,
      databaseUrl: config.verify.databaseUrl,
      cacheDirectory: config.verify.cacheDir,
      nativeCompiler: config.verify.nativeCompiler,
    });
    const passed = !report.findings.some((finding) =>
      reachesThreshold(finding.severity, config.verify.failOn),
    );
    return { report, passed };
  };
}
