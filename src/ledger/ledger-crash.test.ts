import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteLedger } from './sqlite-store.js';

const writer = new URL('../../test/support/ledger-writer.mjs', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'baton-crash-'));

beforeAll(() => {
  if (!existsSync(new URL('../../dist/index.js', import.meta.url))) {
    throw new Error(
      'These tests run the built ledger in a child process: run `npm run build` first (npm test does).',
    );
  }
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function startWriter(path: string, mode: string, batchSize: number): ChildProcess {
  return spawn(process.execPath, [writer, path, mode, String(batchSize)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer exited (${code}) before printing "${line}"`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function eventsByBatch(path: string): Promise<Map<string, number>> {
  const ledger = await openSqliteLedger({ path });
  try {
    const counts = new Map<string, number>();
    for (const stored of await ledger.readEvents({ limit: 10_000_000 })) {
      const batch = stored.event.runId ?? '';
      counts.set(batch, (counts.get(batch) ?? 0) + 1);
    }
    return counts;
  } finally {
    await ledger.close();
  }
}

describe('a writer killed with SIGKILL', () => {
  it('leaves the batch it was in the middle of entirely out, and the committed one entirely in', async () => {
    const path = join(directory, 'hold.db');
    const child = startWriter(path, 'hold', 2000);
    await waitForLine(child, 'mid-batch');
    await kill(child);
    expect(await eventsByBatch(path)).toEqual(new Map([['batch-0', 2000]]));
  });

  it('never leaves part of a batch, whenever it is killed while streaming batches', async () => {
    const batchSize = 25_000;
    for (const delayMs of [0, 40, 90, 160, 250]) {
      const path = join(directory, `stream-${delayMs}.db`);
      const child = startWriter(path, 'stream', batchSize);
      await waitForLine(child, 'writing');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await kill(child);
      for (const [batch, count] of await eventsByBatch(path)) {
        expect(count, `${batch} after a kill at ${delayMs} ms`).toBe(batchSize);
      }
    }
  });

  it('lets several processes open and migrate a new ledger at once', async () => {
    const path = join(directory, 'together.db');
    const children = Array.from({ length: 4 }, () => startWriter(path, 'open', 1));
    const codes = await Promise.all(
      children.map((child) => new Promise((resolve) => child.once('exit', resolve))),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
    const ledger = await openSqliteLedger({ path });
    expect((await ledger.counts()).events).toBe(4);
    await ledger.close();
  });
});
