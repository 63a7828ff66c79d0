import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { describeLedgerStoreContract } from './ledger-store.contract.js';
import { openSqliteLedger } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'baton-sqlite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let counter = 0;

describeLedgerStoreContract('sqlite', async () => {
  const path = join(directory, `ledger-${counter++}`, 'ledger.db');
  return (options) => openSqliteLedger({ path, ...options });
});

describe('SQLite ledger', () => {
  it('creates the file and its folder, in WAL mode with foreign keys on', async () => {
    const path = join(directory, 'nested', 'deeper', 'ledger.db');
    const store = await openSqliteLedger({ path });
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('says clearly when the file is not a SQLite database', async () => {
    const path = join(directory, 'not-a-ledger.db');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200));
    const failure = await openSqliteLedger({ path }).catch((error: unknown) => error);
    expect(BatonError.isInstance(failure)).toBe(true);
    expect((failure as BatonError).code).toBe('LEDGER_UNREACHABLE');
    expect((failure as BatonError).message).toContain(path);
    expect((failure as BatonError).message).toMatch(/not a database/);
  });
});
