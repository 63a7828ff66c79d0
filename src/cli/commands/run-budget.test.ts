import { afterEach, describe, expect, it } from 'vitest';
import { runBaton } from '../../../test/support/cli.js';
import {
  createRunProject,
  goodAnswer,
  planYaml,
  type RunProject,
} from '../../engine/__fixtures__/run-project.js';
import { openSqliteLedger } from '../../ledger/index.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../../testing/index.js';

const ids = ['first', 'second'];
let project: RunProject | undefined;
let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  project?.remove();
  project = server = undefined;
});

/** A plan of two components and a config naming a local OpenAI-compatible server with no price. */
async function setUp(): Promise<{ project: RunProject; server: FakeOpenAIServer }> {
  server = await startFakeOpenAIServer({
    respond: (request) => ({
      type: 'reply',
      text: goodAnswer(ids.find((id) => request.lastUserText.includes(`The ${id} text`)) ?? 'first'),
    }),
  });
  project = createRunProject(planYaml(ids.map((id) => ({ id }))), {
    'baton.config.json': JSON.stringify({
      providers: {
        compatible: { local: { baseURL: server.baseURL, model: 'fake-coder' } },
        prices: { 'openai:gpt-5': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 } },
      },
    }),
  });
  return { project, server };
}

describe('baton run budgets', () => {
  it('refuses --budget-usd on a provider without a price, naming the key to add, before any call', async () => {
    const { project, server } = await setUp();
    const result = await runBaton(
      ['run', 'plan.yaml', '--provider', 'compatible:local', '--budget-usd', '1'],
      project.root,
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('RUN_BUDGET_UNPRICED');
    expect(result.stderr).toContain("providers.prices['compatible:local']");
    expect(result.stderr).toContain('--budget-tokens');
    expect(server.requests).toHaveLength(0);
  }, 60_000);

  it('stops at --budget-tokens over real HTTP, with the rest left pending', async () => {
    const { project, server } = await setUp();
    const result = await runBaton(
      ['run', 'plan.yaml', '--provider', 'compatible:local', '--budget-tokens', '10', '--concurrency', '1'],
      project.root,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('--budget-tokens');
    expect(result.stdout).toContain('Cost recorded: unknown (1 call(s) had no price in providers.prices)');
    expect(server.requests).toHaveLength(1);
    const ledger = await openSqliteLedger({ path: `${project.root}/.baton/ledger.db` });
    try {
      const components = await ledger.rows('components');
      expect(components.map((component) => component.status).sort()).toEqual(['done', 'pending']);
      const costs = await ledger.rows('costs');
      expect(costs).toMatchObject([{ provider: 'compatible:local/fake-coder', usd: null }]);
    } finally {
      await ledger.close();
    }
  }, 120_000);
});
