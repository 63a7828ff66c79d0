import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import { type SeededReviewRun, seedReviewRun } from '../../engine/review/__fixtures__/review-run.js';

let seeded: SeededReviewRun | undefined;
afterEach(() => {
  seeded?.repository.remove();
  seeded = undefined;
});

describe('baton runs and baton findings', () => {
  it('lists the runs, one run’s components, and its findings with the component and attempt', async () => {
    seeded = await seedReviewRun();
    const root = seeded.repository.root;

    const runs = await runBaton(['runs'], root);
    expect(runs.exitCode, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/^run\s+status\s+done\s+findings\s+cost\s+started\s+feature\n/);
    expect(runs.stdout).toMatch(/run_1\s+\S+\s+\d+\/3\s+\d+\s+\$\d+\.\d{4}\s+\S+\s+Notification preferences/);

    const detail = await runBaton(['runs', 'run_1'], root);
    expect(detail.exitCode, detail.stderr).toBe(0);
    expect(detail.stdout).toContain('Run run_1 (Notification preferences)');
    expect(detail.stdout).toMatch(/\napi\s+\S+\s+2\s+\d+/);
    expect(detail.stdout).toContain('`baton findings run_1`');

    const findings = await runBaton(['findings'], root);
    expect(findings.exitCode, findings.stderr).toBe(0);
    expect(findings.stdout.split('\n')[0]).toBe('Findings of run run_1:');
    expect(findings.stdout).toMatch(/\[api #1\] \S+:\d+\s+(error|warning|note)\s+\S+\//);

    const missing = await runBaton(['findings', 'run_nope'], root);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('error RUN_NOT_FOUND: No run "run_nope"');
    expect(missing.stderr).toContain('`baton runs`');
  });
});
