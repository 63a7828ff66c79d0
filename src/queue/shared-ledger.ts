import type { LedgerLocation } from '../core/config/schema.js';
import { BatonError } from '../core/errors.js';
import { redactQueueUrl } from './queue-url.js';

/** A remote queue needs a ledger every worker can reach; a SQLite file is on one machine only. */
export function requireSharedLedger(ledger: LedgerLocation, queueUrl: string): void {
  if (ledger.kind === 'postgres') return;
  throw new BatonError({
    code: 'QUEUE_NEEDS_SHARED_LEDGER',
    message: `The queue ${redactQueueUrl(queueUrl)} hands components to workers on other machines, but the ledger is the SQLite file ${ledger.path}, which only this machine can write.`,
    hint: 'Put the ledger on PostgreSQL (`ledger: "postgres://…"` in baton.config or BATON_LEDGER_URL) for the run and every worker, or run without --queue.',
    details: { ledger: ledger.path },
  });
}
