import { BatonError } from '../core/errors.js';
import type { ResolvedConfig } from '../core/index.js';
import { findGitRoot } from '../core/index.js';

/** The repository the ledger's branches live in; review and merge need one. */
export function requireRepository(config: ResolvedConfig, command: string): string {
  const repository = findGitRoot(config.root);
  if (!repository) {
    throw new BatonError({
      code: 'NOT_A_GIT_REPOSITORY',
      message: `${config.root} is not inside a git repository, so there are no component branches to ${command}.`,
      hint: `Run \`baton ${command}\` from the repository the run worked in.`,
    });
  }
  return repository;
}
