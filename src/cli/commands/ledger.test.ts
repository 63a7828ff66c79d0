import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { latestSchemaVersion } from '../../ledger/migrate.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

async function seed(path: string): Promise<void> {
  const ledger = await openSqliteLedger({ path });
  await ledger.appendEvents([
    { type: 'run-start', at: '2026-11-24T10:00:00.000Z', runId: 'run_1', planId: 'pln_1' },
    { type: 'run-end', at: '2026-11-24T10:05:00.000Z', runId: 'run_1', status: 'succeeded' },
  ]);
  await ledger.close();
}

describe('baton ledger status', () => {
  it('shows location, schema version and rows per table', async () => {
    repository = createTemporaryRepository();
    await seed(join(repository.root, '.baton', 'ledger.db'));
    const result = await runBaton(['ledger', 'status'], repository.root);
    expect(result.exitCode).toBe(0);
    const stdout = result.stdout
      .replace(repository.root, '<root>')
      .replace(`schema version ${latestSchemaVersion()})`, 'schema version <latest>)');
    expect(stdout).toMatchInlineSnapshot(`
      "Ledger: <root>/.baton/ledger.db (sqlite, schema version <latest>)

      table               rows
      ------------------  ----
      plans               0
      runs                0
      components          0
      attempts            0
      prompts             0
      responses           0
      edits               0
      findings            0
      reviews             0
      merges              0
      activity_intervals  0
      costs               0
      defects             0
      events              2
      "
    `);
  });

  it('prints JSON and honours --ledger and BATON_LEDGER_URL', async () => {
    repository = createTemporaryRepository();
    await seed(join(repository.root, 'elsewhere.db'));
    const byFlag = await runBaton(
      ['--ledger', 'elsewhere.db', 'ledger', 'status', '--json'],
      repository.root,
    );
    expect(JSON.parse(byFlag.stdout)).toMatchObject({
      dialect: 'sqlite',
      schemaVersion: latestSchemaVersion(),
      counts: { events: 2 },
    });
    const byEnvironment = await runBaton(['ledger', 'status', '--json'], repository.root, {
      BATON_LEDGER_URL: 'elsewhere.db',
    });
    expect(JSON.parse(byEnvironment.stdout).counts.events).toBe(2);
  });

  it('exits 2 naming file and key for a bad config', async () => {
    repository = createTemporaryRepository({ 'baton.config.json': '{ "ledger": 7 }' });
    const result = await runBaton(['ledger', 'status'], repository.root);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `${repository.root}/baton.config.json:1:13: ledger: expected string, got number 7`,
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 3 with the host for an unreachable PostgreSQL ledger, and shows the stack only with --debug', async () => {
    repository = createTemporaryRepository();
    const url = 'postgres://ada:secret@127.0.0.1:1/ledger';
    const plain = await runBaton(['--ledger', url, 'ledger', 'status'], repository.root);
    expect(plain.exitCode).toBe(3);
    expect(plain.stderr).toContain(
      'error LEDGER_UNREACHABLE: Cannot reach the PostgreSQL ledger at 127.0.0.1:1/ledger',
    );
    expect(plain.stderr).not.toContain('secret');
    expect(plain.stderr).not.toContain('    at ');
    const debug = await runBaton(['--debug', '--ledger', url, 'ledger', 'status'], repository.root);
    expect(debug.stderr).toContain('    at ');
  });
});

describe('baton ledger export', () => {
  it('writes every table as JSON with JSON columns parsed, to stdout or a file', async () => {
    repository = createTemporaryRepository();
    await seed(join(repository.root, '.baton', 'ledger.db'));
    const toStdout = await runBaton(['ledger', 'export', '--json'], repository.root);
    const exported = JSON.parse(toStdout.stdout);
    expect(exported.format).toBe('baton-ledger');
    expect(exported.tables.events.map((row: { payload: { type: string } }) => row.payload.type)).toEqual([
      'run-start',
      'run-end',
    ]);

    const toFile = await runBaton(['ledger', 'export', '--out', 'ledger.json'], repository.root);
    expect(toFile.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(repository.root, 'ledger.json'), 'utf8')).tables).toEqual(
      exported.tables,
    );
  });

  it('refuses a ledger from a newer Baton without touching it', async () => {
    repository = createTemporaryRepository();
    const path = join(repository.root, '.baton', 'ledger.db');
    await seed(path);
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path);
    raw.prepare("insert into baton_migration (name, timestamp) values ('0999-future', '2030-01-01')").run();
    raw.close();
    const before = readFileSync(path);
    const result = await runBaton(['ledger', 'export'], repository.root);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('error LEDGER_SCHEMA_TOO_NEW');
    expect(result.stderr).toContain(
      `schema version 999, newer than this Baton understands (version ${latestSchemaVersion()})`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('exits 2 for an unknown command or option', async () => {
    repository = createTemporaryRepository();
    expect((await runBaton(['ledger', 'frobnicate'], repository.root)).exitCode).toBe(2);
    expect((await runBaton(['ledger', 'status', '--nope'], repository.root)).exitCode).toBe(2);
  });
});
