import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import { defaultTrainingSettings } from '../../src/core/config/training-settings.js';
import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { type RunningDashboard, startDashboard } from '../../src/server/dashboard/start-dashboard.js';
import {
  seedTrainingLedger,
  trainingNow,
  trainingPeople,
  writeTrainingPlan,
} from '../../src/team/training/__fixtures__/seed-training-ledger.js';
import { findChromium, launchChromium, screenshotPath } from '../support/chromium.js';

const chromiumFound = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'baton-browser-training-'));
let browser: Browser;
let ledger: LedgerStore;
let dashboard: RunningDashboard;

beforeAll(async () => {
  writeTrainingPlan(directory);
  ledger = await openSqliteLedger({ path: join(directory, 'ledger.db') });
  await seedTrainingLedger(ledger);
  dashboard = await startDashboard({
    ledger,
    clock: createManualClock(trainingNow),
    port: 0,
    team: {
      people: trainingPeople,
      repository: undefined,
      configuredChecks: ['types', 'api', 'tests'],
      isDocumented: () => false,
      training: defaultTrainingSettings,
      root: directory,
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

describe.skipIf('skipped' in chromiumFound)('the training page in Chromium', () => {
  it('shows everyone’s phase, progress, exit criteria and who is past the article’s duration', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(dashboard.url);
    await page.click('nav a[href="/training"]');
    await page.waitForSelector('#training');
    expect(await page.textContent('#training-summary')).toBe(
      "4 in training · 2 ready to advance · 2 past the article's duration",
    );
    const rows = await page.$$eval('#training tbody tr', (elements) =>
      elements.map((row) => [
        row.getAttribute('data-person'),
        row.getAttribute('data-phase'),
        row.querySelector('.days')?.textContent,
        row.querySelector('.criteria-count')?.textContent,
        row.querySelectorAll('.phase-step.done').length,
        row.classList.contains('overdue'),
      ]),
    );
    expect(rows).toEqual([
      ['Ben', '4', '67 of 30–61', '0 of 1 met', 3, true],
      ['Grace', '2', '36 of 14–28', '3 of 3 met', 1, true],
      ['Joan', '1', '6 of 7–14', '1 of 1 met', 0, false],
      ['Linus', '3', '17 of 14–28', '0 of 1 met', 2, false],
    ]);
    expect(await page.textContent('tr[data-person="Grace"] li[data-criterion="median-lint"]')).toContain(
      'lint scores 88, 88, 40, 88, 14',
    );
    expect(await page.textContent('tr[data-person="Joan"] .flags')).toBe('ready to advance');
    await page.screenshot({ path: screenshotPath('dashboard-training'), fullPage: true });
    const api = await page.evaluate(async () => (await fetch('/api/training')).json());
    expect((api as { people: { person: string }[] }).people.map((person) => person.person)).toEqual([
      'Ben',
      'Grace',
      'Joan',
      'Linus',
    ]);
    await page.close();
  });
});
