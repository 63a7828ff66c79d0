// Ledger write throughput: Baton's SQLite and PostgreSQL stores against the raw drivers doing the
// same inserts, measured in the same run. Run with `npm run bench:ledger`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BatonEvent } from '../../src/core/events.js';
import { openPostgresLedger } from '../../src/ledger/postgres-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { createTestDatabase, startPostgresServer } from '../../test/support/postgres-server.js';

const totalEvents = Number(process.env.BENCH_EVENTS ?? 100_000);
const batchSize = 1_000;
const singleEvents = 2_000;
const targetPerSecond = 5_000;

function events(count: number, offset = 0): BatonEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'check-end',
    at: new Date(1_790_000_000_000 + offset + index).toISOString(),
    runId: 'run_bench',
    componentId: `component-${(offset + index) % 50}`,
    checkId: 'api',
    findings: index % 3,
    durationMs: 12,
  }));
}

async function rate(count: number, write: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await write();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

/** Times `write` over `count` single events after a warm-up of 200, so the first measured call is not a cold one. */
async function singleRate(write: (event: BatonEvent) => Promise<unknown> | unknown): Promise<number> {
  for (const event of events(200, 1_000_000)) await write(event);
  return rate(singleEvents, async () => {
    for (const event of events(singleEvents)) await write(event);
  });
}

async function inBatches(write: (batch: BatonEvent[]) => Promise<void> | void): Promise<void> {
  for (let offset = 0; offset < totalEvents; offset += batchSize) await write(events(batchSize, offset));
}

function row(label: string, baton: number, baseline: number): string {
  const ratio = baton / baseline;
  return `${label.padEnd(34)} ${Math.round(baton).toLocaleString('en').padStart(9)}/s   raw driver ${Math.round(baseline).toLocaleString('en').padStart(9)}/s   ratio ${ratio.toFixed(2)}`;
}

const directory = mkdtempSync(join(tmpdir(), 'baton-bench-ledger-'));
const lines: string[] = [];
try {
  // SQLite: Baton's store.
  const sqlite = await openSqliteLedger({ path: join(directory, 'baton.db') });
  const sqliteBatched = await rate(totalEvents, () =>
    inBatches((batch) => sqlite.appendEvents(batch).then(() => {})),
  );
  const sqliteSingle = await singleRate((event) => sqlite.appendEvents([event]));
  await sqlite.close();

  // SQLite: the same table, pragmas and transactions through better-sqlite3 directly.
  const seed = await openSqliteLedger({ path: join(directory, 'raw.db') });
  await seed.close();
  const raw = new Database(join(directory, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  const insert = raw.prepare('insert into events (run_id, type, at, payload) values (?, ?, ?, ?)');
  const insertBatch = raw.transaction((batch: BatonEvent[]) => {
    for (const event of batch) insert.run(event.runId ?? null, event.type, event.at, JSON.stringify(event));
  });
  const rawBatched = await rate(totalEvents, () => inBatches((batch) => insertBatch(batch)));
  const rawSingle = await singleRate((event) => insertBatch([event]));
  raw.close();
  lines.push(row(`sqlite, batches of ${batchSize}`, sqliteBatched, rawBatched));
  lines.push(row('sqlite, one event per transaction', sqliteSingle, rawSingle));
  lines.push(
    `sqlite batched target >= ${targetPerSecond.toLocaleString('en')}/s: ${sqliteBatched >= targetPerSecond ? 'met' : 'MISSED'}`,
  );

  const start = await startPostgresServer();
  if (!start.started) {
    lines.push(`postgres: skipped (${start.reason})`);
  } else {
    try {
      const url = await createTestDatabase(start.server.adminUrl);
      const postgres = await openPostgresLedger({ url });
      const postgresBatched = await rate(totalEvents, () =>
        inBatches((batch) => postgres.appendEvents(batch).then(() => {})),
      );
      const postgresSingle = await singleRate((event) => postgres.appendEvents([event]));
      await postgres.close();

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const writeRaw = async (batch: BatonEvent[]) => {
        const values: unknown[] = [];
        const placeholders = batch.map((event, index) => {
          values.push(event.runId ?? null, event.type, event.at, JSON.stringify(event));
          const base = index * 4;
          return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4})`;
        });
        await client.query('begin');
        await client.query(
          `insert into events (run_id, type, at, payload) values ${placeholders.join(', ')}`,
          values,
        );
        await client.query('commit');
      };
      const rawPostgresBatched = await rate(totalEvents, () => inBatches(writeRaw));
      const rawPostgresSingle = await singleRate((event) => writeRaw([event]));
      await client.end();
      lines.push(row(`postgres, batches of ${batchSize}`, postgresBatched, rawPostgresBatched));
      lines.push(row('postgres, one event per transaction', postgresSingle, rawPostgresSingle));
      lines.push(
        'postgres: the test server runs with fsync off; absolute figures on a durable server are lower, the ratio holds',
      );
    } finally {
      start.server.stop();
    }
  }
  lines.push(
    `events: ${totalEvents.toLocaleString('en')} batched, ${singleEvents.toLocaleString('en')} single; peak RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
  );
  console.log(lines.join('\n'));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
