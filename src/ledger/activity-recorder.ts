import type { Activity, Clock } from '../core/index.js';
import { createId } from '../core/index.js';
import type { LedgerStore } from './ledger-store.js';

export type ActivitySource = 'recorded' | 'logged' | 'engine';

/** Sources that measure a person's time; an engine interval measures a model's. */
export const humanActivitySources: readonly ActivitySource[] = ['recorded', 'logged'];

export interface ActivityInterval {
  person: string;
  activity: Activity;
  componentId?: string | null;
  runId?: string | null;
  startedAt: string;
  endedAt: string;
  /**
   * 'recorded' as a person worked, 'logged' by a person afterwards, or 'engine' for a model's time
   * during a run, which is no one's working time.
   */
  source: ActivitySource;
}

/** Stores an interval and announces it as an `activity` event, in one transaction. */
export async function recordActivityInterval(
  ledger: LedgerStore,
  interval: ActivityInterval,
): Promise<string> {
  const id = createId('act');
  await ledger.transaction(async (writer) => {
    await writer.insert('activityIntervals', [
      {
        id,
        person: interval.person,
        activity: interval.activity,
        componentId: interval.componentId ?? null,
        runId: interval.runId ?? null,
        startedAt: interval.startedAt,
        endedAt: interval.endedAt,
        source: interval.source,
      },
    ]);
    await writer.appendEvents([
      {
        type: 'activity',
        at: interval.endedAt,
        runId: interval.runId ?? undefined,
        person: interval.person,
        activity: interval.activity,
        componentId: interval.componentId ?? undefined,
        startedAt: interval.startedAt,
        endedAt: interval.endedAt,
      },
    ]);
  });
  return id;
}

/**
 * Runs `work` and records the time it took as one activity interval, also when it fails: the
 * time spent on a failed verify is debugging time all the same.
 */
export async function withActivity<Result>(
  ledger: LedgerStore,
  activity: Omit<ActivityInterval, 'startedAt' | 'endedAt' | 'source'>,
  clock: Clock,
  work: () => Promise<Result>,
): Promise<Result> {
  const startedAt = clock.now().toISOString();
  try {
    return await work();
  } finally {
    await recordActivityInterval(ledger, {
      ...activity,
      startedAt,
      endedAt: clock.now().toISOString(),
      source: 'recorded',
    });
  }
}
