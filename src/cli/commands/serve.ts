import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BatonError, describeCause } from '../../core/errors.js';
import { findGitRoot, systemClock } from '../../core/index.js';
import { defineCommand } from '../command.js';

/** A port already taken is the usual reason; name it and offer another. */
function listenError(error: unknown, host: string, port: number): BatonError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new BatonError({
      code: 'SERVE_PORT_IN_USE',
      message: `Port ${port} on ${host} is already in use, so the dashboard cannot listen there.`,
      hint: `Choose another port, such as \`baton serve --port ${port === 65_535 ? port - 1 : port + 1}\`, or \`--port 0\` for any free one.`,
      cause: error,
    });
  }
  return new BatonError({
    code: 'USAGE_INVALID',
    message: `Cannot listen on ${host}:${port}: ${describeCause(error)}`,
    hint: 'Check --host (an address of this machine) and --port, or stop what is using it.',
    cause: error,
  });
}

export const serveCommand = defineCommand({
  name: 'serve',
  description: 'serve the dashboard over the ledger, with live updates (read-only unless --allow-writes)',
  options: {
    host: {
      flags: '--host <host>',
      type: 'string',
      description: 'address to bind; anything but loopback requires a token',
      default: '127.0.0.1',
    },
    port: {
      flags: '--port <port>',
      type: 'number',
      description: 'port to listen on (0: any free port)',
      default: 4400,
    },
    token: {
      flags: '--token <token>',
      type: 'string',
      description:
        'token every request must carry (default: BATON_DASHBOARD_TOKEN, or generated off loopback)',
    },
    allowWrites: {
      flags: '--allow-writes',
      type: 'boolean',
      description: 'allow the dashboard to write to the ledger (annotations)',
    },
  },
  async run({ io, options, loadConfig }) {
    const port = options.port;
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `"${options.port}" is not a port.`,
        hint: 'Use a number from 0 to 65535.',
      });
    }
    const config = await loadConfig();
    if (!options.allowWrites && config.ledger.kind === 'sqlite' && !existsSync(config.ledger.path)) {
      throw new BatonError({
        code: 'LEDGER_UNREACHABLE',
        message: `No ledger at ${config.ledger.path} yet: nothing has been recorded in this project.`,
        hint: 'Record something first (`baton run <plan>` or `baton verify`), or point --ledger at an existing ledger.',
      });
    }
    const [{ openLedger }, { startDashboard }, { featureSlug }] = await Promise.all([
      import('../../ledger/open-ledger.js'),
      import('../../server/dashboard/start-dashboard.js'),
      import('../../report/index.js'),
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
      team: {
        people: config.team.people,
        repository: findGitRoot(config.root),
        configuredChecks: config.verify.checks,
        training: config.training,
        root: config.root,
        isDocumented: (feature, key) =>
          existsSync(join(config.root, 'docs', 'prompts', featureSlug(feature), `${key}.md`)),
      },
      onInternalError: (error) => io.stderr.write(`dashboard error: ${describeCause(error)}\n`),
    }).catch(async (error: unknown) => {
      await ledger.close();
      throw listenError(error, options.host, port);
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
