import { afterEach, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { BatonError } from '../errors.js';
import { loadConfig } from './load.js';
import { defaultTrainingSettings } from './training-settings.js';

let repository: TemporaryRepository;
afterEach(() => repository?.remove());

async function failure(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!BatonError.isInstance(error)) throw new Error(`expected a BatonError, got ${String(error)}`);
  return error;
}

describe('training in the config', () => {
  it('defaults to the article’s criteria and durations, and takes each key on its own', async () => {
    repository = createTemporaryRepository({ 'baton.config.ts': 'export default {};\n' });
    expect((await loadConfig({ cwd: repository.root, env: {} })).training).toEqual(defaultTrainingSettings);
    expect(defaultTrainingSettings.promptingPractice).toMatchObject({
      medianLintScore: 80,
      firstPassPercent: 50,
      minComponents: 5,
    });
    repository.remove();
    repository = createTemporaryRepository({
      'baton.config.ts': `export default {
  training: {
    verificationRigor: { recallPercent: 90, duration: { minDays: 7, maxDays: 21 } },
  },
};
`,
    });
    const { training } = await loadConfig({ cwd: repository.root, env: {} });
    expect(training.verificationRigor).toEqual({
      recallPercent: 90,
      maxFalseClaims: 1,
      exercises: 2,
      duration: { minDays: 7, maxDays: 21 },
    });
    expect(training.promptingPractice).toEqual(defaultTrainingSettings.promptingPractice);
  });

  it('names the key and what was expected for a bad value or a duration that ends before it starts', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts': `export default {
  training: {
    workflowIntegration: { components: 0, duration: { minDays: 60, maxDays: 30 } },
    prompting: {},
  },
};
`,
    });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('training.workflowIntegration.components');
    expect(error.message).toContain('training.workflowIntegration.duration.maxDays');
    expect(error.message).toContain('minDays must not be more than maxDays');
    expect(error.message).toContain('prompting');
  });
});
