import { systemClock } from '../../core/clock.js';
import { BatonError, describeCause } from '../../core/errors.js';
import { defineCommand } from '../command.js';

interface ServeOptions {
  host: string;
  port: string;
  token?: string;
  allowWrites?: boolean;
}

export const serveCommand = defineCommand<ServeOptions>({
  name: 'serve',
  description: 'serve the dashboard over the ledger, with live updates (read-only unless --allow-writes)',
  options: [
    {
      flags: '--host <host>',
      description: 'address to bind; anything but loopback requires a token',
      defaultValue: '127.0.0.1',
    },
    { flags: '--port <port>', description: 'port to listen on (0: any free port)', defaultValue: '4400' },
    {
      flags: '--token <token>',
      description:
        'token every request must carry (default: BATON_DASHBOARD_TOKEN, or generated off loopback)',
    },
    { flags: '--allow-writes', description: 'allow the dashboard to write to the ledger (annotations)' },
  ],
  async run({ io, options, loadConfig }) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `"${options.port}" is not a port.`,
        hint: 'Use a number from 0 to 65535.',
      });
    }
    const config = await loadConfig();
    const [{ openLedger }, { startDashboard }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../server/dashboard/start-dashboard.js'),
    ]);
    const ledger = await openLedger(config.ledger, { readOnly: !options.allowWrites });
    const dashboard = await startDashboard({
      ledger,
      clock: systemClock,
      host: options.host,
      port,
      token: options.token ?? io.env.BATON_DASHBOARD_TOKEN,
      allowWrites: options.allowWrites ?? false,
      minProfileHours: config.metrics.minProfileHours,
      onInternalError: (error) => io.stderr.write(`dashboard error: ${describeCause(error)}\n`),
    }).catch(async (error: unknown) => {
      await ledger.close();
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `Cannot listen on ${options.host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'Choose another --port, or stop what is using it.',
        cause: error,
      });
    });
    io.stdout.write(
      `Baton dashboard on ${dashboard.url}\nLedger: ${ledger.location} (${options.allowWrites ? 'writes allowed' : 'read-only'})\nPress Ctrl-C to stop.\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await dashboard.close();
    await ledger.close();
    return 0;
  },
});
