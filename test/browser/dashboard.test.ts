import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { buildMetricsReport } from '../../src/metrics/metrics-report.js';
import { renderMetricsHtml } from '../../src/report/metrics-html.js';
import { type RunningDashboard, startDashboard } from '../../src/server/dashboard/start-dashboard.js';
import { findChromium, launchChromium, screenshotPath } from '../support/chromium.js';
import { seedMetricsLedger } from '../support/seed-metrics-ledger.js';

const chromiumFound = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'baton-browser-'));
const ledgerPath = join(directory, 'ledger.db');
let browser: Browser;
let writer: LedgerStore;

beforeAll(async () => {
  writer = await openSqliteLedger({ path: ledgerPath });
  await seedMetricsLedger(writer);
  if ('path' in chromiumFound) browser = await launchChromium(chromiumFound.path);
});
afterAll(async () => {
  await browser?.close();
  await writer.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The few browser globals these tests read; the project's types do not include the DOM. */
interface BrowserGlobals {
  Chart: { getChart(canvas: unknown): { data: { datasets: unknown[] } } | undefined };
  document: {
    getElementById(id: string): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
      } | null;
    } | null;
    querySelector(selector: string): { children: ArrayLike<{ textContent: string | null }> } | null;
  };
}

/** Waits until Chart.js has drawn the chart with datasets, and returns how many pixels it painted. */
async function paintedPixels(page: Page, canvasId: string): Promise<number> {
  await page.waitForFunction((id) => {
    const { Chart, document } = globalThis as unknown as BrowserGlobals;
    return (Chart.getChart(document.getElementById(id))?.data.datasets.length ?? 0) > 0;
  }, canvasId);
  return page.evaluate((id) => {
    const { document } = globalThis as unknown as BrowserGlobals;
    const canvas = document.getElementById(id);
    const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let painted = 0;
    for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) painted++;
    return painted;
  }, canvasId);
}

describe.skipIf('skipped' in chromiumFound)('in Chromium', () => {
  it('renders the static HTML report’s charts from a file, with no network', async () => {
    const report = await buildMetricsReport(writer, {}, new Date('2026-11-24T12:00:00.000Z'));
    const file = join(directory, 'report.html');
    writeFileSync(file, renderMetricsHtml(report));
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    for (const id of ['chart-time', 'chart-productivity', 'chart-attempts', 'chart-findings', 'chart-cost']) {
      expect(await paintedPixels(page, id), id).toBeGreaterThan(500);
    }
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await page.screenshot({ path: screenshotPath('report-html'), fullPage: true });
    await page.close();
  });

  describe('the dashboard', () => {
    let dashboard: RunningDashboard;
    let reader: LedgerStore;
    beforeAll(async () => {
      reader = await openSqliteLedger({ path: ledgerPath, readOnly: true });
      dashboard = await startDashboard({ ledger: reader, clock: systemClock, port: 0, pollIntervalMs: 100 });
    });
    afterAll(async () => {
      await dashboard.close();
      await reader.close();
    });

    it('loads the overview with its charts, then shows a run and an attempt', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      await page.goto(dashboard.url);
      expect(await paintedPixels(page, 'chart-time')).toBeGreaterThan(500);
      expect(await page.textContent('#runs')).toContain('Notification preferences');
      await page.waitForSelector('#live-status:text("live")');
      await page.screenshot({ path: screenshotPath('dashboard-overview'), fullPage: true });

      await page.click('a[href="/runs/run_1"]');
      await page.waitForSelector('#components');
      expect(await page.textContent('#components')).toContain('orchestrate+verify');
      await page.click('a[href="/attempts/att_schema_1"]');
      await page.waitForSelector('#findings');
      expect(await page.textContent('main')).toContain(
        'Create a PostgreSQL schema for user notification preferences.',
      );
      await page.screenshot({ path: screenshotPath('dashboard-attempt'), fullPage: true });
      await page.close();
    });

    it('updates live while another process writes to the ledger', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      await page.goto(dashboard.url);
      await page.waitForSelector('#live-status:text("live")');
      const attemptsCell = page.locator('tr[data-run="run_1"] td').nth(4);
      expect(await attemptsCell.textContent()).toBe('8');

      await writer.transaction(async (transaction) => {
        await transaction.insert('attempts', [
          {
            id: 'att_tests_4',
            runId: 'run_1',
            componentId: 'cmp_tests',
            number: 4,
            status: 'running',
            worktree: null,
            branch: null,
            startedAt: new Date().toISOString(),
            endedAt: null,
          },
        ]);
        await transaction.appendEvents([
          {
            type: 'attempt-start',
            at: new Date().toISOString(),
            runId: 'run_1',
            componentId: 'tests',
            attempt: 4,
          },
        ]);
      });

      await page.waitForSelector('#live-events li:has-text("attempt-start · tests · attempt 4")');
      await page.waitForFunction(
        () =>
          (globalThis as unknown as BrowserGlobals).document.querySelector('tr[data-run="run_1"]')
            ?.children[4]?.textContent === '9',
      );
      await page.screenshot({ path: screenshotPath('dashboard-live-update'), fullPage: true });
      await page.close();
    });
  });
});
