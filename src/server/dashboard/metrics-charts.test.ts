import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/** Runs the charts script with a stand-in Chart.js that keeps each chart's config. */
function drawnConfigs(
  report: unknown,
): Map<string, { options: { scales?: Record<string, Record<string, unknown>> } }> {
  const configs = new Map();
  const window: Record<string, unknown> = {
    Chart: class {
      constructor(canvas: { id: string }, config: unknown) {
        configs.set(canvas.id, config);
      }
      destroy() {}
    },
  };
  const document = { getElementById: (id: string) => ({ id }) };
  const source = readFileSync(new URL('../../../assets/metrics-charts.js', import.meta.url), 'utf8');
  runInNewContext(source, { window, document });
  (window.drawBatonCharts as (report: unknown) => void)(report);
  return configs;
}

const shares = { planning: 0, prompting: 0, writing: 0, reviewing: 0, debugging: 0, communication: 0 };
const report = {
  timeAllocation: {
    people: [],
    team: { who: 'team', totalHours: 1, shares },
    profiles: { traditional: shares, orchestrator: shares },
  },
  quality: {
    attemptsPerComponent: { histogram: [{ attempts: 1, components: 2 }] },
    findingsByCheck: [{ checkId: 'api', count: 1 }],
  },
  economics: { byDay: [{ day: '2026-11-24', costUsd: 0 }] },
  productivity: { components: [] },
};

describe('the metrics charts', () => {
  it('count axes tick in whole numbers, and cost and hours never go below zero', () => {
    const configs = drawnConfigs(report);
    expect(configs.get('chart-attempts')?.options.scales?.y).toMatchObject({
      min: 0,
      ticks: { precision: 0 },
    });
    expect(configs.get('chart-findings')?.options.scales?.x).toMatchObject({
      min: 0,
      ticks: { precision: 0 },
    });
    expect(configs.get('chart-cost')?.options.scales?.y).toMatchObject({ min: 0, beginAtZero: true });
    expect(configs.get('chart-productivity')?.options.scales?.y).toMatchObject({ min: 0 });
    expect(configs.get('chart-time')?.options.scales?.y).toMatchObject({ min: 0 });
  });
});
