import { resolve } from 'node:path';
import type { ResolvedConfig } from '../../core/index.js';
import type { LedgerStore } from '../../ledger/index.js';
import type { VerifyReport } from '../../verify/index.js';

/** What every tool of one `baton mcp` process shares: the project, its config and the last report. */
export interface McpContext {
  config: ResolvedConfig;
  /** Relative paths in tool arguments are resolved from here. */
  cwd: string;
  /** `--allow-writes`: tools that change decisions in the ledger (`review_decide`) are offered. */
  allowWrites: boolean;
  /** Baton's own version, as the server announces it. */
  version: string;
  /** The newest report a `verify` or `verify_component` call produced, for the findings resource. */
  lastReport: VerifyReport | undefined;
  /** Runs verifications one after another: cancelling one then stops only its own processes. */
  exclusive<Result>(body: () => Promise<Result>): Promise<Result>;
}

export function createMcpContext(options: {
  config: ResolvedConfig;
  cwd: string;
  allowWrites: boolean;
  version: string;
}): McpContext {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    ...options,
    lastReport: undefined,
    exclusive<Result>(body: () => Promise<Result>): Promise<Result> {
      const next = tail.then(body, body);
      tail = next.catch(() => undefined);
      return next;
    },
  };
}

/** A path from a tool's arguments, absolute. */
export function resolvePath(context: McpContext, path: string): string {
  return resolve(context.cwd, path);
}

/** Opens the project's ledger for one tool call and closes it afterwards. */
export async function withLedger<Result>(
  context: McpContext,
  options: { readOnly: boolean },
  body: (ledger: LedgerStore) => Promise<Result>,
): Promise<Result> {
  const { openLedger } = await import('../../ledger/index.js');
  const ledger = await openLedger(context.config.ledger, options);
  try {
    return await body(ledger);
  } finally {
    await ledger.close();
  }
}
