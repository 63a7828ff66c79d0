import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { firstPassOutcomes, seedExperiment } from '../../src/metrics/__fixtures__/seed-experiment.js';
import { buildExperimentSummary } from '../../src/metrics/experiment-summary.js';
import { renderExperimentHtml } from '../../src/report/experiment-html.js';
import { findChromium, launchChromium, screenshotPath } from '../support/chromium.js';

const chromiumFound = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'baton-experiment-browser-'));
let browser: Browser;
let ledger: LedgerStore;

beforeAll(async () => {
  ledger = await openSqliteLedger({ path: ':memory:' });
  await seedExperiment(ledger, 'exp_schema', [
    { key: 'plan', baseline: true, samples: firstPassOutcomes(11, 20) },
    { key: 'unique-spelled-out', samples: firstPassOutcomes(18, 20, 0.012) },
  ]);
  if ('path' in chromiumFound) browser = await launchChromium(chromiumFound.path);
});
afterAll(async () => {
  await browser?.close();
  await ledger.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The few browser globals the test reads; the project's types do not include the DOM. */
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
  };
}

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

describe.skipIf('skipped' in chromiumFound)('an experiment report in Chromium', () => {
  it('draws the pass-rate and cost charts from a file, with no network, under the verdict', async () => {
    const file = join(directory, 'experiment.html');
    writeFileSync(file, renderExperimentHtml(await buildExperimentSummary(ledger, 'exp_schema')));
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    for (const id of ['chart-pass-rate', 'chart-cost-pass'])
      expect(await paintedPixels(page, id), id).toBeGreaterThan(500);
    expect(await page.textContent('main')).toContain(
      'unique-spelled-out passes first time more often: 18/20 against plan 11/20 (p = 0.031).',
    );
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await page.screenshot({ path: screenshotPath('experiment-report'), fullPage: true });
    await page.close();
  });
});
