import { describeCause } from '../core/errors.js';
import type { Activity } from '../core/index.js';
import { systemClock } from '../core/index.js';
import type { CommandContext } from './command.js';
import { mayRecordIn } from './may-record.js';

/**
 * Runs a command and records its wall time as the person's activity in the ledger. Recording is
 * never a reason for the command to fail: when the ledger cannot take it, a warning says so.
 */
export async function runRecordingActivity(
  activity: Activity,
  context: Pick<CommandContext, 'io' | 'loadConfig'>,
  run: () => Promise<number | undefined>,
): Promise<number | undefined> {
  const startedAt = systemClock.now().toISOString();
  try {
    return await run();
  } finally {
    await recordInterval(activity, context, startedAt);
  }
}

async function recordInterval(
  activity: Activity,
  context: Pick<CommandContext, 'io' | 'loadConfig'>,
  startedAt: string,
): Promise<void> {
  const endedAt = systemClock.now().toISOString();
  let config: Awaited<ReturnType<CommandContext['loadConfig']>>;
  try {
    config = await context.loadConfig();
  } catch {
    // The command itself reports a config that does not load; saying it twice helps no one.
    return;
  }
  if (!mayRecordIn(config)) return;
  try {
    const [{ openLedger }, { recordActivityInterval }] = await Promise.all([
      import('../ledger/open-ledger.js'),
      import('../ledger/index.js'),
    ]);
    const ledger = await openLedger(config.ledger);
    try {
      await recordActivityInterval(ledger, {
        person: config.person,
        activity,
        startedAt,
        endedAt,
        source: 'recorded',
      });
    } finally {
      await ledger.close();
    }
  } catch (error) {
    context.io.stderr.write(
      `warning: ${activity} time not recorded in the ledger: ${describeCause(error)}\n`,
    );
  }
}
