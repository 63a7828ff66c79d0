import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// assets/ sits at the package root, two levels above both src/report/ and dist/report/.
const assetsRoot = new URL('../../assets/', import.meta.url);

/** The Chart.js browser bundle, inlined into reports so they need no network. */
export function chartLibrarySource(): string {
  // The bundle is not in chart.js's exports map; it sits beside the CommonJS entry in dist/.
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

/** The script that draws Baton's metric charts (`window.drawBatonCharts(report)`). */
export function metricsChartsSource(): string {
  return readFileSync(new URL('metrics-charts.js', assetsRoot), 'utf8');
}

/** The shared page style of the HTML report and the dashboard. */
export function pageStyleSource(): string {
  return readFileSync(new URL('baton.css', assetsRoot), 'utf8');
}

/** The dashboard's page script: live events, and charts redrawn as the ledger changes. */
export function dashboardScriptSource(): string {
  return readFileSync(new URL('dashboard.js', assetsRoot), 'utf8');
}
