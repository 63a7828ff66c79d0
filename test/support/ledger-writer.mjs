// A separate process that writes to a SQLite ledger, so a test can kill it mid-write.
// Usage: node ledger-writer.mjs <ledger-path> <mode> [batch-size]
//   hold:   commits one batch, then writes half of a second batch inside a transaction and waits
//   stream: appends batches of <batch-size> events back to back until killed
//   open:   opens (migrating if needed), appends one event and exits
import { openSqliteLedger } from '../../dist/index.js';

const [path, mode, batchSizeText = '1000'] = process.argv.slice(2);
const batchSize = Number(batchSizeText);
const event = (batch, index) => ({
  type: 'check-end',
  at: new Date().toISOString(),
  runId: `batch-${batch}`,
  checkId: 'api',
  findings: index,
  durationMs: 1,
});
const batchOf = (batch, size) => Array.from({ length: size }, (_, index) => event(batch, index));

const ledger = await openSqliteLedger({ path });
if (mode === 'open') {
  await ledger.appendEvents([event(process.pid, 0)]);
  await ledger.close();
} else if (mode === 'hold') {
  await ledger.appendEvents(batchOf(0, batchSize));
  await ledger.transaction(async (writer) => {
    await writer.appendEvents(batchOf(1, batchSize / 2));
    process.stdout.write('mid-batch\n');
    await new Promise(() => {});
  });
} else if (mode === 'stream') {
  process.stdout.write('writing\n');
  for (let batch = 0; ; batch++) await ledger.appendEvents(batchOf(batch, batchSize));
}
