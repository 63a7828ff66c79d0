import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { openSqliteLedger } from '../../ledger/index.js';

let directory: string | undefined;
let occupier: Server | undefined;
afterEach(async () => {
  if (directory) rmSync(directory, { recursive: true, force: true });
  await new Promise((resolve) => (occupier ? occupier.close(resolve) : resolve(undefined)));
  occupier = undefined;
});

describe('baton serve', () => {
  it('on a port already taken names the port and suggests --port', async () => {
    directory = mkdtempSync(join(tmpdir(), 'baton-serve-'));
    const ledgerPath = join(directory, 'ledger.db');
    await (await openSqliteLedger({ path: ledgerPath })).close();
    const taken = createServer();
    occupier = taken;
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const run = await runBaton(['serve', '--port', String(port), '--ledger', ledgerPath], directory);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(
      `error SERVE_PORT_IN_USE: Port ${port} on 127.0.0.1 is already in use, so the dashboard cannot listen there.`,
    );
    expect(run.stderr).toContain(`baton serve --port ${port + 1}`);
    expect(run.stderr).toContain('--port 0');
  });

  it('with no ledger yet says so instead of failing to open it', async () => {
    directory = mkdtempSync(join(tmpdir(), 'baton-serve-'));
    const run = await runBaton(['serve', '--ledger', join(directory, 'none.db')], directory);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('nothing has been recorded in this project');
  });
});
