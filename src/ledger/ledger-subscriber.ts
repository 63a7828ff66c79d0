import type { EventSubscriber } from '../core/events.js';
import type { LedgerWriter } from './ledger-store.js';

/** Records every event the bus carries, before the emitter moves on to its next step. */
export function createLedgerSubscriber(ledger: Pick<LedgerWriter, 'appendEvents'>): EventSubscriber {
  return {
    async onEvent(event) {
      await ledger.appendEvents([event]);
    },
  };
}
