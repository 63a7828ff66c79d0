import { createServer, type Socket } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../test/support/postgres-server.js';
import { BatonError } from '../core/errors.js';
import { describeLedgerStoreContract } from './ledger-store.contract.js';
import { openPostgresLedger, redactUrl } from './postgres-store.js';

const postgres = inject('postgres');
const skipReason = 'skipped' in postgres ? postgres.skipped : undefined;

describeLedgerStoreContract(
  'postgres',
  async () => {
    if (!('adminUrl' in postgres)) throw new Error(postgres.skipped);
    const url = await createTestDatabase(postgres.adminUrl);
    return (options) => openPostgresLedger({ url, ...options });
  },
  skipReason,
);

describe('PostgreSQL ledger', () => {
  it('names the host when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const failure = await openPostgresLedger({
      url: `postgres://baton:secret@127.0.0.1:${port}/ledger`,
    }).catch((error: unknown) => error);
    expect(BatonError.isInstance(failure)).toBe(true);
    expect((failure as BatonError).code).toBe('LEDGER_UNREACHABLE');
    expect((failure as BatonError).message).toContain(`127.0.0.1:${port}/ledger`);
    expect((failure as BatonError).message).toContain('ECONNREFUSED');
    expect((failure as BatonError).message).not.toContain('secret');
  });

  it('gives up on a server that accepts and never answers, instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const failure = await openPostgresLedger({
        url: `postgres://baton@127.0.0.1:${port}/ledger`,
        connectTimeoutMs: 300,
      }).catch((error: unknown) => error);
      expect(BatonError.isInstance(failure)).toBe(true);
      expect((failure as BatonError).code).toBe('LEDGER_UNREACHABLE');
      expect((failure as BatonError).message).toContain(`127.0.0.1:${port}`);
      expect((failure as BatonError).message).toMatch(/timeout/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('never prints the password of a ledger URL', () => {
    expect(redactUrl('postgres://ada:hunter2@db.internal:5432/ledger')).toBe(
      'postgres://ada:***@db.internal:5432/ledger',
    );
  });
});
