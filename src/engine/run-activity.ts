import { recordActivityInterval } from '../ledger/activity-recorder.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import type { RecordedCall } from './run-ledger.js';

/**
 * Records a finished call's wall time as the model's activity: the first attempt's answer is
 * prompting, a repair's is debugging. The interval's source is 'engine' and its person the provider,
 * so reports never count it as anyone's working time.
 */
export async function recordModelTime(
  ledger: LedgerStore,
  runId: string,
  providerId: string,
  call: RecordedCall,
): Promise<void> {
  const [startedAt = call.endedAt] = [call.startedAt, call.endedAt].sort();
  await recordActivityInterval(ledger, {
    person: providerId,
    activity: call.attemptNumber !== null && call.attemptNumber > 1 ? 'debugging' : 'prompting',
    componentId: call.componentId,
    runId,
    startedAt,
    endedAt: call.endedAt,
    source: 'engine',
  });
}
