import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBenchmarkBudget } from '../../core/config/benchmark-settings.js';
import { createFixtureProject, type FixtureProject } from '../__fixtures__/fixture-project.js';
import { verify } from '../verify.js';
import { readBenchmarkTime } from './benchmark-budget.js';
import { createPerformanceCheck } from './performance-check.js';

const scripts = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'benchmark');

describe('benchmark budgets', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = createFixtureProject({
      linkNodeModules: false,
      files: { 'package.json': JSON.stringify({ name: 'bench', type: 'module' }) },
    });
    cpSync(scripts, join(project.root, 'bench'), { recursive: true });
  });
  afterAll(() => project.remove());

  const run = (budget: Parameters<typeof resolveBenchmarkBudget>[1]) =>
    verify({
      root: project.root,
      customChecks: [createPerformanceCheck()],
      benchmarks: [resolveBenchmarkBudget('shared-ids', budget)],
    });

  it('reports a quadratic rewrite that is over its budget against the linear baseline', async () => {
    const report = await run({
      command: 'node bench/includes-lookup.mjs 6000',
      baseline: 'node bench/set-lookup.mjs 6000',
      budgetRatio: 1.5,
      runs: 3,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'performance/over-budget',
        severity: 'error',
        file: '.',
        message: expect.stringMatching(
          /^Benchmark "shared-ids" takes [\d.]+ ms against the baseline's [\d.]+ ms \(median of 3, as the benchmark timed itself\): [\d.]+ x, over its budget of 1.5 x\.$/,
        ),
      }),
    ]);
  });

  it('passes code that keeps within its budget', async () => {
    const report = await run({
      command: 'node bench/set-lookup.mjs 6000',
      baseline: 'node bench/includes-lookup.mjs 6000',
      budgetRatio: 1.5,
      runs: 1,
    });
    expect(report.findings).toEqual([]);
  });

  it('reports a benchmark that cannot run', async () => {
    const report = await run({
      command: 'node bench/missing.mjs',
      baseline: 'node bench/set-lookup.mjs',
      budgetRatio: 2,
      runs: 1,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'performance/benchmark-failed',
        message: expect.stringContaining('`node bench/missing.mjs` failed (exit 1)'),
      }),
    ]);
  });

  it('reports a benchmark that cannot load its module as could-not-run, not as slow or failing code', async () => {
    project.write(
      'bench/legacy.js',
      "const { performance } = require('node:perf_hooks');\nconsole.log(performance.now());\n",
    );
    const report = await run({
      command: 'node bench/legacy.js',
      baseline: 'node bench/set-lookup.mjs',
      budgetRatio: 2,
      runs: 1,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'performance/could-not-run',
        severity: 'note',
        message: expect.stringContaining('CommonJS against ES modules'),
      }),
    ]);
  });

  it('reads the time a benchmark prints, else its wall time', () => {
    expect(readBenchmarkTime('warming\nbaton-benchmark-ms: 1.5\nbaton-benchmark-ms: 12.25\n', 80)).toEqual({
      ms: 12.25,
      selfTimed: true,
    });
    expect(readBenchmarkTime('done\n', 80)).toEqual({ ms: 80, selfTimed: false });
  });
});
