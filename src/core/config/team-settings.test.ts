import { afterEach, describe, expect, it } from 'vitest';
import {
  createTemporaryRepository,
  type TemporaryRepository,
} from '../../../test/support/temporary-repository.js';
import { BatonError } from '../errors.js';
import { loadConfig } from './load.js';

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

describe('team in the config', () => {
  it('fills defaults: capacity 40 hours, every reviewer rule on, git identities as a list', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts': `export default {
  team: {
    people: [
      { name: 'Ada', email: 'ada@example.com', role: 'senior' },
      { name: 'Grace', git: 'ghopper', role: 'junior', capacityHours: 20, trainingPhase: 'prompting-practice' },
    ],
    reviewRules: { reviewerIsNotOwner: false },
  },
};
`,
    });
    const config = await loadConfig({ cwd: repository.root, env: {} });
    expect(config.team.people).toEqual([
      {
        name: 'Ada',
        email: 'ada@example.com',
        git: [],
        role: 'senior',
        capacityHours: 40,
        trainingPhase: undefined,
      },
      {
        name: 'Grace',
        email: undefined,
        git: ['ghopper'],
        role: 'junior',
        capacityHours: 20,
        trainingPhase: 'prompting-practice',
      },
    ]);
    expect(config.team.reviewRules).toEqual({
      reviewerIsNotOwner: false,
      juniorWorkReviewedByMidOrSenior: true,
      riskyWorkReviewedBySenior: true,
    });
  });

  it('has no people and every rule on when the config says nothing', async () => {
    repository = createTemporaryRepository({});
    const config = await loadConfig({ cwd: repository.root, env: {} });
    expect(config.team.people).toEqual([]);
    expect(Object.values(config.team.reviewRules)).toEqual([true, true, true]);
  });

  it('names the file and line of a role outside the three and of an identity mapped to two people', async () => {
    repository = createTemporaryRepository({
      'baton.config.ts': `export default {
  team: {
    people: [
      { name: 'Ada', email: 'ada@example.com', role: 'senior' },
      { name: 'Linus', role: 'principal' },
    ],
  },
};
`,
    });
    const file = `${repository.root}/baton.config.ts`;
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(
      `${file}:5:30: team.people.1.role: expected one of "senior", "mid", "junior", got the string "principal"`,
    );
    repository.write(
      'baton.config.ts',
      `export default {
  team: {
    people: [
      { name: 'Ada', email: 'ada@example.com', role: 'senior' },
      { name: 'Grace', git: ['grace', 'ADA@example.com'], role: 'mid' },
    ],
  },
};
`,
    );
    const twice = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(twice.message).toContain(`${file}:5:39: team.people.1.git.1:`);
    expect(twice.message).toContain('"ADA@example.com" already identifies Ada');
  });

  it('refuses two people with the same name, at the second one', async () => {
    repository = createTemporaryRepository({
      'baton.config.json': JSON.stringify(
        {
          team: {
            people: [
              { name: 'Ada', role: 'senior' },
              { name: 'ada', role: 'mid' },
            ],
          },
        },
        null,
        2,
      ),
    });
    const error = await failure(loadConfig({ cwd: repository.root, env: {} }));
    expect(error.message).toMatch(
      /baton\.config\.json:9:\d+: team\.people\.1\.name: .*"ada" already identifies Ada/,
    );
  });
});
