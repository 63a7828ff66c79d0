import { formatTable } from '../../core/index.js';
import { defineCommand } from '../command.js';

/** A worker whose heartbeat is older than this is shown as gone (killed, or its machine lost). */
const silentAfterMs = 60_000;

export const workersCommand = defineCommand({
  name: 'workers',
  description: 'list the `baton worker` processes registered in the ledger, with their heartbeat and jobs',
  options: {
    all: { flags: '--all', type: 'boolean', description: 'include stopped and silent workers' },
    json: { flags: '--json', type: 'boolean', description: 'print as JSON' },
  },
  async run({ io, options, loadConfig }) {
    const config = await loadConfig();
    const [{ openLedger }, { listWorkers }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../ledger/queries/workers.js'),
    ]);
    const ledger = await openLedger(config.ledger, { readOnly: true });
    try {
      const now = Date.now();
      const workers = (await listWorkers(ledger)).map((worker) => ({
        ...worker,
        state:
          worker.stoppedAt !== null
            ? ('stopped' as const)
            : now - Date.parse(worker.heartbeatAt) > silentAfterMs
              ? ('silent' as const)
              : ('alive' as const),
      }));
      const shown = options.all ? workers : workers.filter((worker) => worker.state === 'alive');
      if (options.json) {
        io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return 0;
      }
      if (shown.length === 0) {
        io.stdout.write(
          options.all
            ? 'No worker has registered in this ledger. Start one with `baton worker --queue <url>`.\n'
            : 'No worker is alive. `baton workers --all` lists stopped and silent ones.\n',
        );
        return 0;
      }
      const rows = shown.map((worker) => [
        worker.id,
        worker.host,
        String(worker.pid),
        worker.version,
        worker.state,
        `${worker.running}/${worker.concurrency}`,
        String(worker.jobsDone),
        String(worker.jobsFailed),
        worker.heartbeatAt,
      ]);
      io.stdout.write(
        `${formatTable(['worker', 'host', 'pid', 'version', 'state', 'running', 'done', 'failed', 'heartbeat'], rows)}\n`,
      );
      return 0;
    } finally {
      await ledger.close();
    }
  },
});
