import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { LedgerStore } from '../../src/ledger/ledger-store.js';
import { openSqliteLedger } from '../../src/ledger/sqlite-store.js';
import { buildExperimentSummary, type ExperimentSummary } from '../../src/metrics/experiment-summary.js';
import { type RunningDashboard, startDashboard } from '../../src/server/dashboard/start-dashboard.js';
import { findChromium, launchChromium, screenshotPath } from '../support/chromium.js';

// `npm run demo:experiment` itself, at test size (one sample per variant), on the built CLI: every
// sample goes through the engine and the gate, and the report Chromium draws is that run's, read
// back from the ledger the demo wrote. Three gates in all, about 35 s of CPU; 95-100 s of wall time
// on two cores shared with a load average near 20.

const batonRoot = join(import.meta.dirname, '..', '..');
const chromiumFound = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'baton-experiment-demo-'));
let browser: Browser;
let ledger: LedgerStore;
let summary: ExperimentSummary;
let service: string;
let demoOutput = '';

/** The demo script as a child process, without this test runner's variables leaking into its tests. */
function runDemo(...args: string[]): Promise<{ status: number; output: string }> {
  if (!existsSync(join(batonRoot, 'dist', 'index.js'))) throw new Error('Run `npm run build` first.');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(batonRoot, 'scripts', 'demo-experiment.mjs'), ...args],
      { cwd: batonRoot, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ status, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

beforeAll(async () => {
  if ('skipped' in chromiumFound) return;
  const demo = await runDemo('--samples', '1', '--into', directory);
  demoOutput = demo.output;
  expect(demo.status, `the demo failed:\n${demo.output.split('\n').slice(-40).join('\n')}`).toBe(0);
  const [copy] = readdirSync(directory);
  service = join(directory, copy ?? '', 'notification-preferences');
  ledger = await openSqliteLedger({ path: join(service, '.baton', 'ledger.db'), readOnly: true });
  summary = await buildExperimentSummary(ledger, 'demo-schema');
  browser = await launchChromium((chromiumFound as { path: string }).path);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await ledger?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The few browser globals the test reads; the project's types do not include the DOM. */
interface BrowserGlobals {
  Chart: {
    getChart(
      canvas: unknown,
    ): { data: { labels?: unknown[]; datasets: { label?: string; data: unknown[] }[] } } | undefined;
  };
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

interface DrawnChart {
  painted: number;
  labels: unknown[];
  datasets: { label: string; data: unknown[] }[];
}

/** Waits until Chart.js has drawn the chart, then returns its data and how many pixels it painted. */
async function drawnChart(page: Page, canvasId: string): Promise<DrawnChart> {
  await page.waitForFunction((id) => {
    const { Chart, document } = globalThis as unknown as BrowserGlobals;
    return (Chart.getChart(document.getElementById(id))?.data.datasets.length ?? 0) > 0;
  }, canvasId);
  return page.evaluate((id) => {
    const { Chart, document } = globalThis as unknown as BrowserGlobals;
    const canvas = document.getElementById(id);
    const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let painted = 0;
    for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) painted++;
    const data = Chart.getChart(canvas)?.data;
    return {
      painted,
      labels: data?.labels ?? [],
      datasets: (data?.datasets ?? []).map((dataset) => ({ label: dataset.label ?? '', data: dataset.data })),
    };
  }, canvasId);
}

const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

/** Both charts drawn from this run's figures, and the verdict under them. */
async function expectTheDemoRunDrawn(page: Page): Promise<void> {
  const passRate = await drawnChart(page, 'chart-pass-rate');
  expect(passRate.painted).toBeGreaterThan(500);
  expect(passRate.labels).toEqual(['plan', 'unique-spelled-out']);
  const dataset = (label: string) => passRate.datasets.find((entry) => entry.label === label)?.data;
  // The plan's prompt gets the answer without the UNIQUE first; the spelled-out one the fixed answer.
  expect(dataset('first-pass gate (%)')).toEqual([0, 100]);
  expect(dataset('passed, any attempt (%)')).toEqual([100, 100]);
  expect(dataset('95% interval, first pass (%)')).toEqual(
    summary.variants.map((variant) => [
      percent(variant.firstPass.interval.lower),
      percent(variant.firstPass.interval.upper),
    ]),
  );
  // Wilson's 95 % interval for 0/1 and 1/1.
  expect(dataset('95% interval, first pass (%)')).toEqual([
    [0, 79.3],
    [20.7, 100],
  ]);

  const costPass = await drawnChart(page, 'chart-cost-pass');
  expect(costPass.painted).toBeGreaterThan(500);
  const points = Object.fromEntries(costPass.datasets.map((entry) => [entry.label, entry.data[0]]));
  for (const variant of summary.variants) {
    expect(variant.costUsd.mean, variant.key).toBeGreaterThan(0);
    expect(points[variant.key]).toEqual({ x: variant.costUsd.mean, y: 100 });
  }
  // Two calls (the answer and the repair) cost more than one.
  const [plan, spelled] = summary.variants;
  expect(plan?.costUsd.mean).toBeGreaterThan(spelled?.costUsd.mean ?? Number.POSITIVE_INFINITY);

  const main = (await page.textContent('main')) ?? '';
  const [verdict] = summary.verdicts;
  expect(verdict).toMatch(/^Too close to call: unique-spelled-out passes first time 1\/1 against plan 0\/1/);
  expect(main).toContain(verdict);
  // The report names the gate that judged the samples.
  expect(main).toContain('gate checks: types, api, sql, tests');
}

describe.skipIf('skipped' in chromiumFound)('the offline demo experiment in Chromium', () => {
  it('ran every sample through the gate and repaired the plan prompt’s answer', () => {
    expect(demoOutput).toContain('Every gate runs types, api, sql, tests');
    expect(summary.gateChecks).toEqual(['types', 'api', 'sql', 'tests']);
    const [plan, spelled] = summary.variants;
    expect(summary.status).toBe('finished');
    expect(plan?.attempts.mean).toBe(2);
    expect(spelled?.attempts.mean).toBe(1);
    expect(plan?.blockingFindings.map((finding) => finding.ruleId)).toContain(
      'sql/one-per-parent-needs-unique',
    );
  });

  it('draws the report the demo wrote, from the file, with no network', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${join(service, 'experiment.html')}`);
    await expectTheDemoRunDrawn(page);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await page.screenshot({ path: screenshotPath('experiment-demo-report'), fullPage: true });
    await page.close();
  });

  it('lists the demo experiment on the dashboard and opens its report', async () => {
    const dashboard: RunningDashboard = await startDashboard({
      ledger,
      clock: systemClock,
      port: 0,
      pollIntervalMs: 100,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      await page.goto(new URL('/experiments', dashboard.url).href);
      const row = (await page.textContent('#experiments tr[data-experiment="demo-schema"]')) ?? '';
      expect(row).toContain('preferences-schema');
      expect(row).toContain('finished');
      for (const variant of summary.variants)
        expect(row).toContain(`${variant.key}: ${variant.firstPass.count}/${variant.firstPass.of}`);
      expect(row).toContain(summary.verdicts[0]);
      await page.screenshot({ path: screenshotPath('experiment-demo-dashboard'), fullPage: true });
      await page.click('a[href="/experiments/demo-schema"]');
      await page.click('a[href="/experiments/demo-schema/report"]');
      await expectTheDemoRunDrawn(page);
      await page.close();
    } finally {
      await dashboard.close();
    }
  });
});
