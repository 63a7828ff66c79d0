import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { resolveTeamPerson } from '../../src/core/config/team-settings.js';
import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { type RunningDashboard, startDashboard } from '../../src/server/dashboard/start-dashboard.js';
import { findChromium, launchChromium, screenshotPath } from '../support/chromium.js';
import { seedMetricsLedger } from '../support/seed-metrics-ledger.js';

const chromiumFound = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'baton-browser-team-'));
let browser: Browser;
let ledger: LedgerStore;
let dashboard: RunningDashboard;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: join(directory, 'ledger.db') });
  await seedMetricsLedger(ledger);
  dashboard = await startDashboard({
    ledger,
    clock: systemClock,
    port: 0,
    team: {
      people: [
        resolveTeamPerson({ name: 'Ada', role: 'senior' }),
        resolveTeamPerson({ name: 'Ben', role: 'mid' }),
      ],
      repository: undefined,
      configuredChecks: ['types', 'api', 'tests'],
      isDocumented: () => false,
    },
  });
  if ('path' in chromiumFound) browser = await launchChromium(chromiumFound.path);
});
afterAll(async () => {
  await browser?.close();
  await dashboard.close();
  await ledger.close();
  rmSync(directory, { recursive: true, force: true });
});

describe.skipIf('skipped' in chromiumFound)('the team and audit pages in Chromium', () => {
  it('reaches the team page from the overview and the audit page from there', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    await page.goto(dashboard.url);
    await page.click('nav a[href="/team"]');
    await page.waitForSelector('#people');
    expect(await page.textContent('#composition-summary')).toBe("Matches the article's 1:1:0 for 2 people.");
    expect(await page.textContent('#people tr[data-person="Ada"]')).toContain('senior');
    await page.screenshot({ path: screenshotPath('dashboard-team'), fullPage: true });
    await page.click('nav a[href="/audit"]');
    await page.waitForSelector('#audit-findings');
    expect(await page.textContent('#audit-findings')).toContain('repair-loop-escalated');
    expect(await page.textContent('#audit-findings')).toContain('checks-disabled-in-config');
    expect(await page.$$eval('#audit-weeks tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
    await page.close();
  });
});
