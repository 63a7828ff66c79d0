import type { BatonEvent, EventBus } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { findRun } from '../ledger/index.js';

/** Events `baton run` announces itself; the rest of a distributed run's events come from workers. */
function announcedByCoordinator(event: BatonEvent): boolean {
  if (event.type === 'run-start' || event.type === 'run-end') return true;
  return event.type === 'component-end' && (event.status === 'blocked' || event.status === 'cancelled');
}

// Sequences are handed out before commit, so one can appear after a higher one: read back a margin.
const margin = 200;

/**
 * Follows a run's events in the ledger, as workers on any machine write them, and emits them on
 * the bus for the progress display; `stop` reads once more, so nothing recorded before it is missed.
 */
export function followRunEvents(options: {
  ledger: LedgerStore;
  runId: string;
  events: EventBus;
  afterSequence?: number;
  intervalMs?: number;
  /** Also emit the run's own start and end, for a follower that is not the process running it. */
  everyEvent?: boolean;
}): { stop(): Promise<void> } {
  const seen = new Set<number>();
  let last = options.afterSequence ?? 0;
  let stopped = false;
  let reading: Promise<void> = Promise.resolve();
  const read = async () => {
    const stored = await options.ledger.readEvents({
      runId: options.runId,
      afterSequence: Math.max(options.afterSequence ?? 0, last - margin),
    });
    for (const { sequence, event } of stored) {
      if (seen.has(sequence)) continue;
      seen.add(sequence);
      last = Math.max(last, sequence);
      if (options.everyEvent || !announcedByCoordinator(event)) await options.events.emit(event);
    }
  };
  const tick = () => {
    if (stopped) return;
    reading = read()
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 250);
      });
  };
  let timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await reading;
      await read().catch(() => {});
    },
  };
}

/**
 * `baton run --follow`: emits every event of the run the ledger holds, then each new one as any
 * worker or coordinator records it, until the run is no longer running; resolves with its status.
 */
export async function followRun(options: {
  ledger: LedgerStore;
  runId: string;
  events: EventBus;
  intervalMs?: number;
  signal?: AbortSignal;
}): Promise<string> {
  const intervalMs = options.intervalMs ?? 250;
  const follower = followRunEvents({ ...options, intervalMs, everyEvent: true });
  try {
    for (;;) {
      const run = await findRun(options.ledger, options.runId);
      // The status changes in the transaction that records run-end, so `stop` reads that event too.
      if (run?.status !== 'running' || options.signal?.aborted) return run?.status ?? 'unknown';
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    await follower.stop();
  }
}
