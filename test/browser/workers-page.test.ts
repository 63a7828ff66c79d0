import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { type RunningDashboard, startDashboard } from '../../src/server/dashboard/start-dashboard.js';
import { findChromium, launchChromium, screenshotPath } from '../support/chromium.js';
import { seedWorkers } from '../support/seed-workers.js';

const chromiumFound = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'baton-browser-workers-'));
let browser: Browser;
let ledger: LedgerStore;
let dashboard: RunningDashboard;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: join(directory, 'ledger.db') });
  await seedWorkers(ledger, new Date());
  dashboard = await startDashboard({ ledger, clock: systemClock, port: 0 });
  if ('path' in chromiumFound) browser = await launchChromium(chromiumFound.path);
});
afterAll(async () => {
  await browser?.close();
  await dashboard.close();
  await ledger.close();
  rmSync(directory, { recursive: true, force: true });
});

describe.skipIf('skipped' in chromiumFound)('the workers page in Chromium', () => {
  it('is reached from the overview and shows queue depth, workers and their throughput', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(dashboard.url);
    await page.click('nav a[href="/workers"]');
    await page.waitForSelector('#workers');
    expect(await page.textContent('#queue-depth')).toBe(
      '3 component(s) waiting and 1 running in 1 running run(s); 1 live worker(s) with 1 of 2 slot(s) busy.',
    );
    const states = await page.$$eval('#workers tbody tr', (rows) =>
      rows.map((row) => [row.getAttribute('data-worker'), row.querySelectorAll('td')[4]?.textContent]),
    );
    expect(states).toEqual([
      ['wkr_live', 'live'],
      ['wkr_<silent>', 'silent'],
      ['wkr_stopped', 'stopped'],
    ]);
    expect(await page.textContent('#workers tr[data-worker="wkr_live"] td:nth-child(9)')).toBe('2.0');
    await page.screenshot({ path: screenshotPath('dashboard-workers'), fullPage: true });
    await page.close();
  }, 60_000);
});
