import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../core/errors.js';
import { loadConfig } from '../core/index.js';
import { createTemporaryProject, type TemporaryProject } from './__fixtures__/temporary-project.js';

const projects: TemporaryProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function projectWithConfig(config: unknown): TemporaryProject {
  const project = createTemporaryProject({ 'baton.config.json': JSON.stringify(config, null, 2) });
  project.initGit();
  projects.push(project);
  return project;
}

describe('plan, triage and prompt settings in config', () => {
  it('fills in the defaults', async () => {
    const project = projectWithConfig({});
    const config = await loadConfig({ cwd: project.root, env: {} });
    expect(config.plan).toEqual({ maxFilesPerComponent: 8, maxCriteriaPerComponent: 8 });
    expect(config.prompt).toEqual({ tokenBudget: 8000 });
    expect(config.triage.legacy).toEqual({ minAgeDays: 365, minCommits: 20, minAuthors: 4 });
    expect(config.triage.verdicts['novel-algorithm']).toBe('write-directly');
    expect(config.triage.verdicts['security-sensitive']).toBe('orchestrate+verify');
  });

  it('takes values from the config file', async () => {
    const project = projectWithConfig({
      plan: { maxFilesPerComponent: 4 },
      prompt: { tokenBudget: 4000 },
      triage: {
        rules: [{ reason: 'domain-specific-logic', keywords: ['VAT'] }],
        verdicts: { 'legacy-integration': 'write-directly' },
        legacy: { minAgeDays: 30 },
      },
    });
    const config = await loadConfig({ cwd: project.root, env: {} });
    expect(config.plan).toEqual({ maxFilesPerComponent: 4, maxCriteriaPerComponent: 8 });
    expect(config.prompt.tokenBudget).toBe(4000);
    expect(config.triage.rules).toEqual([{ reason: 'domain-specific-logic', keywords: ['VAT'] }]);
    expect(config.triage.verdicts['legacy-integration']).toBe('write-directly');
    expect(config.triage.legacy).toEqual({ minAgeDays: 30, minCommits: 20, minAuthors: 4 });
  });

  it('names the file, line and key of a wrong value', async () => {
    const project = projectWithConfig({
      triage: { rules: [{ reason: 'too-clever' }] },
      prompt: { tokenBudget: 10 },
    });
    const error = await loadConfig({ cwd: project.root, env: {} }).catch((caught: unknown) => caught);
    expect(BatonError.isInstance(error) && error.code).toBe('CONFIG_INVALID');
    const message = BatonError.isInstance(error) ? error.message : '';
    expect(message).toMatch(
      /baton\.config\.json:5:19: triage\.rules\.0\.reason: expected one of "novel-algorithm"/,
    );
    expect(message).toMatch(
      /baton\.config\.json:10:20: prompt\.tokenBudget: Too small: expected number to be >=256/,
    );
  });
});
