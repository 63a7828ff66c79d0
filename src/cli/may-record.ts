import { existsSync } from 'node:fs';
import type { ResolvedConfig } from '../core/index.js';
import { findGitRoot } from '../core/index.js';

/**
 * Whether a command may write what it saw to the ledger as a side effect. Outside a git repository
 * it writes only to a ledger that already exists: running `baton verify` on a stray folder must not
 * leave a `.baton/` behind.
 */
export function mayRecordIn(config: Pick<ResolvedConfig, 'ledger' | 'root'>): boolean {
  if (config.ledger.kind !== 'sqlite' || existsSync(config.ledger.path)) return true;
  return findGitRoot(config.root) !== undefined;
}
